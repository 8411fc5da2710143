using System.Runtime.InteropServices;

namespace OsTree.Btrfs.Internal.Interop;

internal static partial class Interop
{
    /// <summary><c>lchown(2)</c>: the owner of the entry itself, never of a symbolic link's target.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "lchown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Lchown(string path, uint uid, uint gid);

    /// <summary><c>chmod(2)</c>, all twelve mode bits.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "chmod", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Chmod(string path, uint mode);

    /// <summary><c>lsetxattr(2)</c>; <paramref name="name"/> is NUL-terminated.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "lsetxattr", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static unsafe partial int Lsetxattr(string path, byte* name, byte* value, nuint size, int flags);

    /// <summary>FS_IOC_GETFLAGS / FS_IOC_SETFLAGS: the inode flags (<c>chattr</c>); the kernel reads and writes an int.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "ioctl", SetLastError = true)]
    internal static partial int IoctlInodeFlags(Microsoft.Win32.SafeHandles.SafeFileHandle fd, ulong request, ref int flags);

    internal const ulong FsIocGetFlags = 0x80086601;
    internal const ulong FsIocSetFlags = 0x40086602;
    internal const int FsImmutableFlag = 0x10;
}
