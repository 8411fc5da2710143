using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace OsTree.Btrfs.Internal.Interop;

internal static partial class Interop
{
    /// <summary><c>int ioctl(int fd, unsigned long request, void *arg)</c>; <paramref name="request"/> is 64-bit because bit 31 is set on many requests.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "ioctl", SetLastError = true)]
    internal static unsafe partial int Ioctl(SafeFileHandle fd, ulong request, void* argument);

    /// <summary>The by-value form: <c>FICLONE</c> takes the source descriptor itself, not a pointer.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "ioctl", SetLastError = true)]
    internal static partial int Ioctl(SafeFileHandle fd, ulong request, nint value);
}
