using System.Runtime.InteropServices;

namespace OsTree.Internal.Interop;

internal static partial class Interop
{
    /// <summary><c>fgetxattr(2)</c>; returns the value's size, or -1 (<c>ERANGE</c> when the buffer is too small).</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "fgetxattr", SetLastError = true)]
    internal static unsafe partial nint Fgetxattr(SafeHandle fd, byte* name, byte* value, nuint size);
}
