using System.Runtime.InteropServices;

namespace OsTree.Internal.Interop;

internal static partial class Interop
{
    /// <summary><c>lgetxattr(2)</c>: reads an xattr of the last component without following it.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "lgetxattr", SetLastError = true)]
    internal static unsafe partial nint Lgetxattr(byte* path, byte* name, byte* value, nuint size);
}
