using System.Runtime.InteropServices;

namespace OsTree.Internal.Interop;

internal static partial class Interop
{
    /// <summary><c>mkdirat(2)</c>; <paramref name="path"/> is a NUL-terminated UTF-8 string.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "mkdirat", SetLastError = true)]
    internal static unsafe partial int MkdirAt(SafeHandle dirfd, byte* path, uint mode);

    /// <summary><c>mkdirat(2)</c> relative to a raw descriptor (<see cref="AtFdCwd"/> for the working directory).</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "mkdirat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int MkdirAt(int dirfd, string path, uint mode);
}
