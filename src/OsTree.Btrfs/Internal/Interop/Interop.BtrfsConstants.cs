namespace OsTree.Btrfs.Internal.Interop;

internal static partial class Interop
{
    /// <summary>Constants of <c>linux/btrfs.h</c> and <c>linux/btrfs_tree.h</c>.</summary>
    internal static class BtrfsAbi
    {
        internal const ulong RootTreeObjectId = 1;
        internal const ulong RootTreeDirObjectId = 6;
        internal const ulong QuotaTreeObjectId = 8;
        internal const ulong FsTreeObjectId = 5;
        internal const ulong FirstFreeObjectId = 256;
        internal const ulong LastFreeObjectId = unchecked((ulong)-256L);
        internal const ulong EmptySubvolDirObjectId = 2;

        internal const byte DirItemKey = 84;
        internal const byte RootItemKey = 132;
        internal const byte RootBackrefKey = 144;
        internal const byte RootRefKey = 156;
        internal const byte QgroupStatusKey = 240;
        internal const byte QgroupInfoKey = 242;
        internal const byte QgroupLimitKey = 244;
        internal const byte QgroupRelationKey = 246;

        internal const ulong SubvolRdOnly = 1UL << 1;
        internal const ulong SubvolSpecById = 1UL << 4;
        internal const ulong RootSubvolRdOnly = 1UL << 0;

        internal const ulong QuotaCtlEnable = 1;
        internal const ulong QuotaCtlDisable = 2;

        internal const ulong QgroupStatusFlagOn = 1;
        internal const ulong QgroupStatusFlagRescan = 2;
        internal const ulong QgroupStatusFlagInconsistent = 4;
        internal const ulong QgroupStatusFlagSimpleMode = 8;

        internal const int PathNameMax = 4087;
        internal const int SubvolNameMax = 4039;
        internal const int InoLookupPathMax = 4080;
        internal const int SearchKeySize = 104;
        internal const int SearchHeaderSize = 32;

        // Fixed payload offsets inside tree items (packed, little-endian).
        internal const int RootItemGenerationOffset = 160;
        internal const int RootItemDirIdOffset = 168;
        internal const int RootItemFlagsOffset = 208;
        internal const int RootItemRefsOffset = 216;
        internal const int RootItemGenerationV2Offset = 239;
        internal const int RootItemUuidOffset = 247;
        internal const int RootItemParentUuidOffset = 263;
        internal const int RootItemReceivedUuidOffset = 279;
        internal const int RootItemCtransidOffset = 295;
        internal const int RootItemOtransidOffset = 303;
        internal const int RootItemOtimeOffset = 339;
        internal const int RootItemSize = 439;
        internal const int RootRefDirIdOffset = 0;
        internal const int RootRefNameLenOffset = 16;
        internal const int RootRefSize = 18;
        internal const int DirItemLocationOffset = 0;
        internal const int DirItemNameLenOffset = 27;
        internal const int DirItemSize = 30;
        internal const int QgroupStatusFlagsOffset = 16;
        internal const int QgroupStatusRescanOffset = 24;
        internal const int QgroupInfoRferOffset = 8;
        internal const int QgroupInfoRferCmprOffset = 16;
        internal const int QgroupInfoExclOffset = 24;
        internal const int QgroupInfoExclCmprOffset = 32;
        internal const int QgroupLimitFlagsOffset = 0;
        internal const int QgroupLimitMaxRferOffset = 8;
        internal const int QgroupLimitMaxExclOffset = 16;
    }

    /// <summary>Constants of <c>linux/fiemap.h</c>.</summary>
    internal static class FiemapFlags
    {
        internal const uint FlagSync = 0x1;
        internal const uint ExtentLast = 0x1;
        internal const uint ExtentUnknown = 0x2;
        internal const uint ExtentDelalloc = 0x4;
        internal const uint ExtentEncoded = 0x8;
        internal const uint ExtentDataInline = 0x200;
        internal const uint ExtentShared = 0x2000;
    }
}
