using System.Runtime.InteropServices;

namespace OsTree.Internal.Interop;

internal static partial class Interop
{
    /// <summary><c>llistxattr(2)</c>: the NUL-separated xattr names of the last component, not following it.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "llistxattr", SetLastError = true)]
    internal static unsafe partial nint Llistxattr(byte* path, byte* list, nuint size);
}
