using System.Runtime.InteropServices;

namespace OsTree.Internal.Interop;

internal static partial class Interop
{
    internal const int AtRemoveDir = 0x200;

    /// <summary><c>unlinkat(2)</c>; never follows a symbolic link (it removes the link).</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "unlinkat", SetLastError = true)]
    internal static unsafe partial int UnlinkAt(SafeHandle dirfd, byte* path, int flags);
}
