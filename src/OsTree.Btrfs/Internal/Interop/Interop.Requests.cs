namespace OsTree.Btrfs.Internal.Interop;

internal static partial class Interop
{
    /// <summary>
    /// ioctl request numbers, <c>dir&lt;&lt;30 | size&lt;&lt;16 | type&lt;&lt;8 | nr</c> with the btrfs type 0x94 (FIEMAP: 'f').
    /// The layout test compiles the C headers and compares every one of these.
    /// </summary>
    internal static class Requests
    {
        internal const ulong BtrfsSync = 0x00009408;
        internal const ulong BtrfsSnapDestroy = 0x5000940F;
        internal const ulong BtrfsTreeSearchV2 = 0xC0709411;
        internal const ulong BtrfsInoLookup = 0xD0009412;
        internal const ulong BtrfsDefaultSubvol = 0x40089413;
        internal const ulong BtrfsSnapCreateV2 = 0x50009417;
        internal const ulong BtrfsSubvolCreateV2 = 0x50009418;
        internal const ulong BtrfsSubvolGetFlags = 0x80089419;
        internal const ulong BtrfsSubvolSetFlags = 0x4008941A;
        internal const ulong BtrfsFsInfo = 0x8400941F;
        internal const ulong BtrfsQuotaCtl = 0xC0109428;
        internal const ulong BtrfsQgroupAssign = 0x40189429;
        internal const ulong BtrfsQgroupCreate = 0x4010942A;
        internal const ulong BtrfsQuotaRescan = 0x4040942C;
        internal const ulong BtrfsQuotaRescanStatus = 0x8040942D;
        internal const ulong BtrfsQuotaRescanWait = 0x0000942E;
        internal const ulong BtrfsGetSubvolInfo = 0x81F8943C;
        internal const ulong BtrfsSnapDestroyV2 = 0x5000943F;
        internal const ulong Ficlone = 0x40049409;
        internal const ulong Ficlonerange = 0x4020940D;
        internal const ulong FsIocFiemap = 0xC020660B;
    }
}
