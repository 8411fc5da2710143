using System.Runtime.InteropServices;

namespace OsTree.Internal.Interop;

internal static partial class Interop
{
    // asm-generic/fcntl.h: the same values on x86_64 and arm64.
    internal const int ORdOnly = 0x0;
    internal const int OWrOnly = 0x1;
    internal const int ORdWr = 0x2;
    internal const int OCreat = 0x40;
    internal const int OExcl = 0x80;
    internal const int ONoCtty = 0x100;
    internal const int OTrunc = 0x200;
    internal const int ONonBlock = 0x800;
    internal const int ODirectory = 0x10000;
    internal const int ONoFollow = 0x20000;
    internal const int OCloExec = 0x80000;
    internal const int OPath = 0x200000;
    internal const int OTmpFile = 0x400000 | ODirectory;

    /// <summary><c>openat(2)</c>; <paramref name="path"/> is a NUL-terminated UTF-8 string.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "openat", SetLastError = true)]
    internal static unsafe partial int OpenAt(SafeHandle dirfd, byte* path, int flags, uint mode);

    /// <summary><c>openat(2)</c> relative to a directory handle.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "openat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int OpenAt(SafeHandle dirfd, string path, int flags, uint mode);

    /// <summary><c>openat(2)</c> relative to a raw descriptor (<see cref="AtFdCwd"/> for the working directory).</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "openat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int OpenAt(int dirfd, string path, int flags, uint mode);
}
