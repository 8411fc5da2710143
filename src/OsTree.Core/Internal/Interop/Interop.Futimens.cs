using System.Runtime.InteropServices;

namespace OsTree.Internal.Interop;

internal static partial class Interop
{
    /// <summary><c>UTIME_OMIT</c>: leave this timestamp unchanged.</summary>
    internal const long UtimeOmit = (1L << 30) - 2;

    /// <summary><c>struct timespec</c> on 64-bit Linux.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    /// <summary><c>futimens(3)</c>; <paramref name="times"/> points at two <see cref="TimeSpec"/> (access, modification).</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "futimens", SetLastError = true)]
    internal static unsafe partial int Futimens(SafeHandle fd, TimeSpec* times);
}
