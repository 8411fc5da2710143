using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;
using static OsTree.Btrfs.Internal.Interop.Interop;

namespace OsTree.Btrfs.Internal;

/// <summary>Reads the quota tree (tree 8) as <c>btrfs qgroup show</c> does: status, info, limit and relation items.</summary>
internal static class QuotaTree
{
    internal static BtrfsQuotaStatus ReadStatus(SafeFileHandle handle, string path)
    {
        BtrfsQuotaStatus? status = null;
        var key = TreeSearch.Key(BtrfsAbi.QuotaTreeObjectId, 0, 0, BtrfsAbi.QgroupStatusKey, BtrfsAbi.QgroupStatusKey);
        if (!TryRun(handle, key, (in TreeItemHeader header, ReadOnlySpan<byte> payload) =>
        {
            if (header.Type == BtrfsAbi.QgroupStatusKey)
            {
                status = ParseStatus(payload, path);
                return false;
            }

            return true;
        }, path))
        {
            return BtrfsQuotaStatus.Disabled;
        }

        return status ?? BtrfsQuotaStatus.Disabled;
    }

    internal static IReadOnlyList<BtrfsQgroup> ReadQgroups(SafeFileHandle handle, string path)
    {
        var infos = new SortedDictionary<ulong, (ulong Rfer, ulong RferCmpr, ulong Excl, ulong ExclCmpr)>();
        var limits = new Dictionary<ulong, (ulong? MaxRfer, ulong? MaxExcl)>();
        var parents = new Dictionary<ulong, List<BtrfsQgroupId>>();
        var children = new Dictionary<ulong, List<BtrfsQgroupId>>();
        var key = TreeSearch.Key(BtrfsAbi.QuotaTreeObjectId, 0, ulong.MaxValue, BtrfsAbi.QgroupStatusKey, BtrfsAbi.QgroupRelationKey);
        TryRun(handle, key, (in TreeItemHeader header, ReadOnlySpan<byte> payload) =>
        {
            switch (header.Type)
            {
                case BtrfsAbi.QgroupInfoKey:
                    Require(payload, BtrfsAbi.QgroupInfoExclCmprOffset + 8, "QGROUP_INFO", path);
                    infos[header.Offset] = (
                        BinaryPrimitives.ReadUInt64LittleEndian(payload[BtrfsAbi.QgroupInfoRferOffset..]),
                        BinaryPrimitives.ReadUInt64LittleEndian(payload[BtrfsAbi.QgroupInfoRferCmprOffset..]),
                        BinaryPrimitives.ReadUInt64LittleEndian(payload[BtrfsAbi.QgroupInfoExclOffset..]),
                        BinaryPrimitives.ReadUInt64LittleEndian(payload[BtrfsAbi.QgroupInfoExclCmprOffset..]));
                    break;
                case BtrfsAbi.QgroupLimitKey:
                    Require(payload, BtrfsAbi.QgroupLimitMaxExclOffset + 8, "QGROUP_LIMIT", path);
                    var flags = BinaryPrimitives.ReadUInt64LittleEndian(payload[BtrfsAbi.QgroupLimitFlagsOffset..]);
                    limits[header.Offset] = (
                        (flags & 1) != 0 ? BinaryPrimitives.ReadUInt64LittleEndian(payload[BtrfsAbi.QgroupLimitMaxRferOffset..]) : null,
                        (flags & 2) != 0 ? BinaryPrimitives.ReadUInt64LittleEndian(payload[BtrfsAbi.QgroupLimitMaxExclOffset..]) : null);
                    break;
                case BtrfsAbi.QgroupRelationKey:
                    // Stored both ways; the member-to-group item has the member's id as objectid and the larger id as offset.
                    if (header.ObjectId < header.Offset)
                    {
                        Add(parents, header.ObjectId, BtrfsQgroupId.FromValue(header.Offset));
                        Add(children, header.Offset, BtrfsQgroupId.FromValue(header.ObjectId));
                    }

                    break;
            }

            return true;
        }, path);

        var list = new List<BtrfsQgroup>(infos.Count);
        foreach (var (id, info) in infos)
        {
            limits.TryGetValue(id, out var limit);
            list.Add(new BtrfsQgroup
            {
                Id = BtrfsQgroupId.FromValue(id),
                Referenced = info.Rfer,
                ReferencedCompressed = info.RferCmpr,
                Exclusive = info.Excl,
                ExclusiveCompressed = info.ExclCmpr,
                MaxReferenced = limit.MaxRfer,
                MaxExclusive = limit.MaxExcl,
                Parents = parents.TryGetValue(id, out var p) ? p : [],
                Children = children.TryGetValue(id, out var c) ? c : [],
            });
        }

        return list;
    }

    private static BtrfsQuotaStatus ParseStatus(ReadOnlySpan<byte> payload, string path)
    {
        Require(payload, BtrfsAbi.QgroupStatusRescanOffset + 8, "QGROUP_STATUS", path);
        var flags = BinaryPrimitives.ReadUInt64LittleEndian(payload[BtrfsAbi.QgroupStatusFlagsOffset..]);
        return new BtrfsQuotaStatus
        {
            IsEnabled = (flags & BtrfsAbi.QgroupStatusFlagOn) != 0,
            IsRescanRunning = (flags & BtrfsAbi.QgroupStatusFlagRescan) != 0,
            IsInconsistent = (flags & BtrfsAbi.QgroupStatusFlagInconsistent) != 0,
            IsSimpleMode = (flags & BtrfsAbi.QgroupStatusFlagSimpleMode) != 0,
            Generation = BinaryPrimitives.ReadUInt64LittleEndian(payload[8..]),
        };
    }

    /// <summary>Runs a search of the quota tree; false when the tree does not exist (quotas were never enabled or are off).</summary>
    private static bool TryRun(SafeFileHandle handle, Interop.Interop.BtrfsSearchKey key, TreeSearchVisitor visitor, string path)
    {
        try
        {
            TreeSearch.Run(handle, key, visitor, path);
            return true;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
    }

    private static void Require(ReadOnlySpan<byte> payload, int length, string what, string path)
    {
        if (payload.Length < length)
        {
            throw new InvalidDataException($"A {what} item on '{path}' is {payload.Length} bytes, shorter than {length}.");
        }
    }

    private static void Add(Dictionary<ulong, List<BtrfsQgroupId>> map, ulong key, BtrfsQgroupId value)
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = [];
        }

        list.Add(value);
    }
}
