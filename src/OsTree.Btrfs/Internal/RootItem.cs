using System.Buffers.Binary;
using static OsTree.Btrfs.Internal.Interop.Interop;

namespace OsTree.Btrfs.Internal;

/// <summary>The fields of a packed <c>struct btrfs_root_item</c> that listing needs.</summary>
internal readonly record struct RootItem(
    ulong Generation,
    ulong CreationGeneration,
    bool IsReadOnly,
    uint Refs,
    Guid Uuid,
    Guid? ParentUuid,
    Guid? ReceivedUuid,
    DateTimeOffset? CreatedAt)
{
    internal static RootItem Parse(ReadOnlySpan<byte> item, string path)
    {
        if (item.Length < BtrfsAbi.RootItemGenerationV2Offset)
        {
            throw new InvalidDataException($"A ROOT_ITEM on '{path}' is {item.Length} bytes, shorter than the legacy {BtrfsAbi.RootItemGenerationV2Offset}.");
        }

        var generation = BinaryPrimitives.ReadUInt64LittleEndian(item[BtrfsAbi.RootItemGenerationOffset..]);
        var flags = BinaryPrimitives.ReadUInt64LittleEndian(item[BtrfsAbi.RootItemFlagsOffset..]);
        var refs = BinaryPrimitives.ReadUInt32LittleEndian(item[BtrfsAbi.RootItemRefsOffset..]);

        // The extended fields are valid only in a full-size item whose generation_v2 equals generation
        // (a kernel older than 3.10 may have rewritten the item without them).
        var extended = item.Length >= BtrfsAbi.RootItemSize
            && BinaryPrimitives.ReadUInt64LittleEndian(item[BtrfsAbi.RootItemGenerationV2Offset..]) == generation;
        if (!extended)
        {
            return new RootItem(generation, 0, (flags & BtrfsAbi.RootSubvolRdOnly) != 0, refs, Guid.Empty, null, null, null);
        }

        var seconds = BinaryPrimitives.ReadUInt64LittleEndian(item[BtrfsAbi.RootItemOtimeOffset..]);
        var nanoseconds = BinaryPrimitives.ReadUInt32LittleEndian(item[(BtrfsAbi.RootItemOtimeOffset + 8)..]);
        return new RootItem(
            generation,
            BinaryPrimitives.ReadUInt64LittleEndian(item[BtrfsAbi.RootItemOtransidOffset..]),
            (flags & BtrfsAbi.RootSubvolRdOnly) != 0,
            refs,
            BtrfsUuid.Read(item[BtrfsAbi.RootItemUuidOffset..]),
            BtrfsUuid.ReadOptional(item[BtrfsAbi.RootItemParentUuidOffset..]),
            BtrfsUuid.ReadOptional(item[BtrfsAbi.RootItemReceivedUuidOffset..]),
            BtrfsUuid.ReadTime(seconds, nanoseconds));
    }
}
