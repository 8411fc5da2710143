using System.Runtime.InteropServices;

namespace OsTree.Internal.Interop;

internal static partial class Interop
{
    internal const int AtSymlinkFollow = 0x400;

    /// <summary><c>linkat(2)</c>; both paths are NUL-terminated UTF-8 strings. With flags 0 a symbolic link is linked itself.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "linkat", SetLastError = true)]
    internal static unsafe partial int LinkAt(SafeHandle olddirfd, byte* oldpath, SafeHandle newdirfd, byte* newpath, int flags);
}
