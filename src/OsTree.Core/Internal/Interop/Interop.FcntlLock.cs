using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace OsTree.Internal.Interop;

internal static partial class Interop
{
    /// <summary><c>F_OFD_SETLKW</c> (asm-generic/fcntl.h): take an open-file-description lock, waiting.</summary>
    internal const int FcntlOfdSetLockWait = 38;

    /// <summary><c>F_OFD_SETLK</c>: take an open-file-description lock, or fail with EAGAIN.</summary>
    internal const int FcntlOfdSetLock = 37;

    /// <summary><c>F_WRLCK</c>.</summary>
    internal const short FcntlWriteLock = 1;

    /// <summary><c>struct flock</c> on 64-bit Linux: l_type, l_whence, l_start, l_len, l_pid.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 32)]
    internal struct FileLock
    {
        [FieldOffset(0)] public short Type;
        [FieldOffset(2)] public short Whence;
        [FieldOffset(8)] public long Start;
        [FieldOffset(16)] public long Length;
        [FieldOffset(24)] public int Pid;
    }

    /// <summary><c>fcntl(fd, F_OFD_SETLK[W], struct flock *)</c>: the lock libglnx's <c>glnx_make_lock_file</c> takes.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "fcntl", SetLastError = true)]
    internal static partial int FcntlLock(SafeFileHandle fd, int command, ref FileLock fileLock);
}
