using System.Runtime.InteropServices;

namespace OsTree.Internal.Interop;

internal static partial class Interop
{
    /// <summary>
    /// <c>copy_file_range(2)</c> from the current offsets (null offset pointers), so the kernel copies without the data
    /// passing through user space (and shares extents where the filesystem can).
    /// </summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "copy_file_range", SetLastError = true)]
    internal static unsafe partial nint CopyFileRange(SafeHandle fdIn, long* offIn, SafeHandle fdOut, long* offOut, nuint length, uint flags);
}
