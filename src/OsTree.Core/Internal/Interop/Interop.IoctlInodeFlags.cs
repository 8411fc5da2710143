using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace OsTree.Internal.Interop;

internal static partial class Interop
{
    /// <summary><c>FS_IOC_GETFLAGS</c> = <c>_IOR('f', 1, long)</c> on 64-bit Linux (the kernel reads an <c>int</c>).</summary>
    internal const ulong FsIocGetFlags = 0x80086601;

    /// <summary><c>FS_IOC_SETFLAGS</c> = <c>_IOW('f', 2, long)</c> on 64-bit Linux.</summary>
    internal const ulong FsIocSetFlags = 0x40086602;

    /// <summary><c>FS_IMMUTABLE_FL</c> from <c>linux/fs.h</c>.</summary>
    internal const int FsImmutableFlag = 0x10;

    /// <summary><c>ioctl(fd, FS_IOC_GETFLAGS/SETFLAGS, int *)</c>: the inode flags that <c>lsattr</c>/<c>chattr</c> show.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "ioctl", SetLastError = true)]
    internal static partial int IoctlInodeFlags(SafeFileHandle fd, ulong request, ref int flags);
}
