using System.Buffers.Binary;
using System.Text;
using Microsoft.Win32.SafeHandles;
using static OsTree.Btrfs.Internal.Interop.Interop;

namespace OsTree.Btrfs.Internal;

/// <summary>Reads subvolumes from the root tree (tree 1) as <c>btrfs subvolume list</c> does: ROOT_ITEM + ROOT_BACKREF + INO_LOOKUP.</summary>
internal static class SubvolumeTree
{
    internal static IReadOnlyList<BtrfsSubvolumeListEntry> List(SafeFileHandle handle, string path)
    {
        var roots = new Dictionary<ulong, RootItem>();
        var backrefs = new Dictionary<ulong, (ulong Parent, ulong DirId, string Name)>();
        var key = TreeSearch.Key(BtrfsAbi.RootTreeObjectId, BtrfsAbi.FirstFreeObjectId, BtrfsAbi.LastFreeObjectId, BtrfsAbi.RootItemKey, BtrfsAbi.RootBackrefKey);
        TreeSearch.Run(handle, key, (in TreeItemHeader header, ReadOnlySpan<byte> payload) =>
        {
            if (header.Type == BtrfsAbi.RootItemKey)
            {
                roots[header.ObjectId] = RootItem.Parse(payload, path);
            }
            else if (header.Type == BtrfsAbi.RootBackrefKey)
            {
                backrefs[header.ObjectId] = ParseRef(header.Offset, payload, path);
            }

            return true;
        }, path);

        var paths = new Dictionary<ulong, string> { [BtrfsAbi.FsTreeObjectId] = string.Empty };
        string Resolve(ulong id, int depth)
        {
            if (paths.TryGetValue(id, out var known))
            {
                return known;
            }

            if (depth > 4096 || !backrefs.TryGetValue(id, out var backref))
            {
                throw new InvalidDataException($"Subvolume {id} on '{path}' has no path back to the top level.");
            }

            var parentPath = Resolve(backref.Parent, depth + 1);
            var directory = BtrfsIoctl.LookupDirectoryPath(handle, backref.Parent, backref.DirId, path);
            var full = (parentPath.Length == 0 ? string.Empty : parentPath + "/") + directory + backref.Name;
            paths[id] = full;
            return full;
        }

        var list = new List<BtrfsSubvolumeListEntry>(backrefs.Count);
        foreach (var (id, backref) in backrefs.OrderBy(pair => pair.Key))
        {
            // A ROOT_ITEM without backref is a deleted subvolume the cleaner has not reached yet: not listed.
            if (!roots.TryGetValue(id, out var root))
            {
                continue;
            }

            list.Add(new BtrfsSubvolumeListEntry
            {
                Id = id,
                ParentId = backref.Parent,
                Path = Resolve(id, 0),
                Generation = root.Generation,
                CreationGeneration = root.CreationGeneration,
                IsReadOnly = root.IsReadOnly,
                Uuid = root.Uuid,
                ParentUuid = root.ParentUuid,
                ReceivedUuid = root.ReceivedUuid,
                CreatedAt = root.CreatedAt,
            });
        }

        return list;
    }

    /// <summary>Ids that still have a ROOT_ITEM (live or deleted but not yet cleaned).</summary>
    internal static HashSet<ulong> RootItemIds(SafeFileHandle handle, string path)
    {
        var ids = new HashSet<ulong>();
        var key = TreeSearch.Key(BtrfsAbi.RootTreeObjectId, BtrfsAbi.FirstFreeObjectId, BtrfsAbi.LastFreeObjectId, BtrfsAbi.RootItemKey, BtrfsAbi.RootItemKey);
        TreeSearch.Run(handle, key, (in TreeItemHeader header, ReadOnlySpan<byte> _) =>
        {
            if (header.Type == BtrfsAbi.RootItemKey)
            {
                ids.Add(header.ObjectId);
            }

            return true;
        }, path);
        return ids;
    }

    /// <summary>The default subvolume: the "default" DIR_ITEM of the root tree directory (objectid 6); 5 when absent.</summary>
    internal static ulong GetDefault(SafeFileHandle handle, string path)
    {
        var result = BtrfsAbi.FsTreeObjectId;
        var key = TreeSearch.Key(BtrfsAbi.RootTreeObjectId, BtrfsAbi.RootTreeDirObjectId, BtrfsAbi.RootTreeDirObjectId, BtrfsAbi.DirItemKey, BtrfsAbi.DirItemKey);
        TreeSearch.Run(handle, key, (in TreeItemHeader header, ReadOnlySpan<byte> payload) =>
        {
            if (header.Type != BtrfsAbi.DirItemKey || header.ObjectId != BtrfsAbi.RootTreeDirObjectId)
            {
                return true;
            }

            // A DIR_ITEM may hold several entries whose names collide on the hash: walk them all.
            var position = 0;
            while (position + BtrfsAbi.DirItemSize <= payload.Length)
            {
                var item = payload[position..];
                var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(item[BtrfsAbi.DirItemNameLenOffset..]);
                var dataLength = BinaryPrimitives.ReadUInt16LittleEndian(item[25..]);
                if (BtrfsAbi.DirItemSize + nameLength + dataLength > item.Length)
                {
                    throw new InvalidDataException($"The root tree directory item on '{path}' is truncated.");
                }

                if (item.Slice(BtrfsAbi.DirItemSize, nameLength).SequenceEqual("default"u8))
                {
                    result = BinaryPrimitives.ReadUInt64LittleEndian(item[BtrfsAbi.DirItemLocationOffset..]);
                    return false;
                }

                position += BtrfsAbi.DirItemSize + nameLength + dataLength;
            }

            return true;
        }, path);
        return result;
    }

    private static (ulong Parent, ulong DirId, string Name) ParseRef(ulong parent, ReadOnlySpan<byte> payload, string path)
    {
        if (payload.Length < BtrfsAbi.RootRefSize)
        {
            throw new InvalidDataException($"A ROOT_BACKREF item on '{path}' is shorter than {BtrfsAbi.RootRefSize} bytes.");
        }

        var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(payload[BtrfsAbi.RootRefNameLenOffset..]);
        if (BtrfsAbi.RootRefSize + nameLength > payload.Length)
        {
            throw new InvalidDataException($"A ROOT_BACKREF item on '{path}' has a name longer than the item.");
        }

        var name = Encoding.UTF8.GetString(payload.Slice(BtrfsAbi.RootRefSize, nameLength));
        return (parent, BinaryPrimitives.ReadUInt64LittleEndian(payload[BtrfsAbi.RootRefDirIdOffset..]), name);
    }
}
