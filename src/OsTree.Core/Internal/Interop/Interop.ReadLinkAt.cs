using System.Runtime.InteropServices;

namespace OsTree.Internal.Interop;

internal static partial class Interop
{
    /// <summary><c>readlinkat(2)</c>; the result is not NUL-terminated. Returns the number of bytes, or -1.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "readlinkat", SetLastError = true)]
    internal static unsafe partial nint ReadLinkAt(SafeHandle dirfd, byte* path, byte* buffer, nuint size);
}
