using System.Runtime.InteropServices;

namespace OsTree.Internal.Interop;

internal static partial class Interop
{
    /// <summary><c>pwrite(2)</c>.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "pwrite", SetLastError = true)]
    internal static unsafe partial nint PWrite(SafeHandle fd, byte* buffer, nuint count, long offset);
}
