using System.Runtime.InteropServices;

namespace OsTree.Btrfs.Internal.Interop;

internal static partial class Interop
{
    /// <summary><c>struct file_clone_range</c> (32 bytes) for FICLONERANGE.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 32)]
    internal struct FileCloneRange
    {
        [FieldOffset(0)] public long SourceFd;
        [FieldOffset(8)] public ulong SourceOffset;
        [FieldOffset(16)] public ulong SourceLength;
        [FieldOffset(24)] public ulong DestinationOffset;
    }
}
