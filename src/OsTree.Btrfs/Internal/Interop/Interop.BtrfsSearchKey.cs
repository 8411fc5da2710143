using System.Runtime.InteropServices;

namespace OsTree.Btrfs.Internal.Interop;

internal static partial class Interop
{
    /// <summary><c>struct btrfs_ioctl_search_key</c> (104 bytes).</summary>
    [StructLayout(LayoutKind.Explicit, Size = 104)]
    internal struct BtrfsSearchKey
    {
        [FieldOffset(0)] public ulong TreeId;
        [FieldOffset(8)] public ulong MinObjectId;
        [FieldOffset(16)] public ulong MaxObjectId;
        [FieldOffset(24)] public ulong MinOffset;
        [FieldOffset(32)] public ulong MaxOffset;
        [FieldOffset(40)] public ulong MinTransId;
        [FieldOffset(48)] public ulong MaxTransId;
        [FieldOffset(56)] public uint MinType;
        [FieldOffset(60)] public uint MaxType;
        [FieldOffset(64)] public uint NrItems;
    }
}
