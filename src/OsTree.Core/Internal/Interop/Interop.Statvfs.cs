using System.Runtime.InteropServices;

namespace OsTree.Internal.Interop;

internal static partial class Interop
{
    /// <summary>
    /// <c>struct statvfs</c> from glibc's <c>bits/statvfs.h</c> on 64-bit Linux (x86_64, arm64): eleven
    /// <c>unsigned long</c>-sized fields followed by <c>int __f_spare[6]</c>, 112 bytes.
    /// </summary>
    [StructLayout(LayoutKind.Explicit, Size = 112)]
    internal struct StatvfsBuffer
    {
        [FieldOffset(0)] public ulong BlockSize;
        [FieldOffset(8)] public ulong FragmentSize;
        [FieldOffset(16)] public ulong Blocks;
        [FieldOffset(24)] public ulong BlocksFree;
        [FieldOffset(32)] public ulong BlocksAvailable;
        [FieldOffset(40)] public ulong Files;
        [FieldOffset(48)] public ulong FilesFree;
        [FieldOffset(56)] public ulong FilesAvailable;
        [FieldOffset(64)] public ulong FileSystemId;
        [FieldOffset(72)] public ulong Flags;
        [FieldOffset(80)] public ulong NameMax;
    }

    [LibraryImport(Libraries.Libc, EntryPoint = "statvfs", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Statvfs(string path, out StatvfsBuffer buffer);
}
