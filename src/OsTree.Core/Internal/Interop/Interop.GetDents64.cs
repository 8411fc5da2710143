using System.Runtime.InteropServices;

namespace OsTree.Internal.Interop;

internal static partial class Interop
{
    /// <summary>Offset of <c>d_reclen</c> in <c>struct linux_dirent64</c> (<c>u64 d_ino; s64 d_off; u16 d_reclen; u8 d_type; char d_name[]</c>).</summary>
    internal const int Dirent64RecordLengthOffset = 16;

    /// <summary>Offset of <c>d_type</c> in <c>struct linux_dirent64</c>.</summary>
    internal const int Dirent64TypeOffset = 18;

    /// <summary>Offset of the NUL-terminated <c>d_name</c> in <c>struct linux_dirent64</c>.</summary>
    internal const int Dirent64NameOffset = 19;

    /// <summary><c>getdents64(2)</c>: fills <paramref name="buffer"/> with <c>struct linux_dirent64</c> records; 0 at the end.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "getdents64", SetLastError = true)]
    internal static unsafe partial nint GetDents64(SafeHandle fd, byte* buffer, nuint count);
}
