namespace OsTree.Btrfs.Internal.Interop;

internal static partial class Interop
{
    /// <summary>The errno values this package reacts to (Linux, every architecture).</summary>
    internal static class Errno
    {
        internal const int EPERM = 1;
        internal const int ENOENT = 2;
        internal const int EINTR = 4;
        internal const int EACCES = 13;
        internal const int EBUSY = 16;
        internal const int EEXIST = 17;
        internal const int EXDEV = 18;
        internal const int ENOTDIR = 20;
        internal const int EISDIR = 21;
        internal const int EINVAL = 22;
        internal const int ENOTTY = 25;
        internal const int EROFS = 30;
        internal const int ENOTEMPTY = 39;
        internal const int EOVERFLOW = 75;
        internal const int EOPNOTSUPP = 95;
        internal const int EINPROGRESS = 115;
    }
}
