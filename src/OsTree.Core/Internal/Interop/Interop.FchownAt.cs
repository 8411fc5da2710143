using System.Runtime.InteropServices;

namespace OsTree.Internal.Interop;

internal static partial class Interop
{
    /// <summary><c>fchownat(2)</c>; with <see cref="AtSymlinkNoFollow"/> a symbolic link itself is changed.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "fchownat", SetLastError = true)]
    internal static unsafe partial int FchownAt(SafeHandle dirfd, byte* path, uint owner, uint group, int flags);
}
