using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using static OsTree.Btrfs.Internal.Interop.Interop;

namespace OsTree.Btrfs.Internal;

/// <summary>
/// BTRFS_IOC_TREE_SEARCH_V2 over a key range. The range is over the compound key (objectid, type, offset), so items of
/// other types between the bounds come back too; callers filter. Continues from the last key + 1 until nothing is left.
/// </summary>
internal static unsafe class TreeSearch
{
    private const int InitialBufferSize = 64 * 1024;
    private const int MaxBufferSize = 16 * 1024 * 1024;

    internal static void Run(SafeFileHandle handle, BtrfsSearchKey key, TreeSearchVisitor visitor, string path)
    {
        var bufferSize = InitialBufferSize;
        var memory = (byte*)NativeMemory.Alloc((nuint)(sizeof(BtrfsSearchArgsV2) + bufferSize));
        try
        {
            while (true)
            {
                var args = (BtrfsSearchArgsV2*)memory;
                args->Key = key;
                args->Key.NrItems = uint.MaxValue;
                args->BufSize = (ulong)bufferSize;
                if (Ioctl(handle, Requests.BtrfsTreeSearchV2, args) < 0)
                {
                    var errno = IoErrors.LastErrno;
                    if (errno == Errno.EOVERFLOW && bufferSize < MaxBufferSize)
                    {
                        // One item did not fit: the kernel put the size it needs into buf_size.
                        bufferSize = (int)Math.Min(MaxBufferSize, Math.Max((ulong)bufferSize * 2, args->BufSize));
                        NativeMemory.Free(memory);
                        memory = (byte*)NativeMemory.Alloc((nuint)(sizeof(BtrfsSearchArgsV2) + bufferSize));
                        continue;
                    }

                    IoErrors.Throw(errno, $"Searching tree {key.TreeId} on", path);
                }

                var count = args->Key.NrItems;
                if (count == 0)
                {
                    return;
                }

                var data = new ReadOnlySpan<byte>(memory + sizeof(BtrfsSearchArgsV2), bufferSize);
                var position = 0;
                TreeItemHeader last = default;
                for (var i = 0; i < count; i++)
                {
                    if (position + BtrfsAbi.SearchHeaderSize > data.Length)
                    {
                        throw new InvalidDataException($"Tree search on '{path}' returned a truncated item header.");
                    }

                    var head = data.Slice(position, BtrfsAbi.SearchHeaderSize);
                    last = new TreeItemHeader(
                        BinaryPrimitives.ReadUInt64LittleEndian(head),
                        BinaryPrimitives.ReadUInt64LittleEndian(head[8..]),
                        BinaryPrimitives.ReadUInt64LittleEndian(head[16..]),
                        BinaryPrimitives.ReadUInt32LittleEndian(head[24..]));
                    var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(head[28..]);
                    position += BtrfsAbi.SearchHeaderSize;
                    if (length < 0 || position + length > data.Length)
                    {
                        throw new InvalidDataException($"Tree search on '{path}' returned an item longer than its buffer.");
                    }

                    if (!visitor(in last, data.Slice(position, length)))
                    {
                        return;
                    }

                    position += length;
                }

                if (!Advance(ref key, last))
                {
                    return;
                }
            }
        }
        finally
        {
            NativeMemory.Free(memory);
        }
    }

    /// <summary>Moves the lower bound just past <paramref name="last"/>; false when the range is exhausted.</summary>
    private static bool Advance(ref BtrfsSearchKey key, in TreeItemHeader last)
    {
        key.MinObjectId = last.ObjectId;
        key.MinType = last.Type;
        if (last.Offset < ulong.MaxValue)
        {
            key.MinOffset = last.Offset + 1;
        }
        else if (last.Type < 255)
        {
            key.MinOffset = 0;
            key.MinType = last.Type + 1;
        }
        else if (last.ObjectId < ulong.MaxValue)
        {
            key.MinOffset = 0;
            key.MinType = 0;
            key.MinObjectId = last.ObjectId + 1;
        }
        else
        {
            return false;
        }

        return key.MinObjectId <= key.MaxObjectId;
    }

    /// <summary>A key covering every transid and offset of one tree between two objectids and types.</summary>
    internal static BtrfsSearchKey Key(ulong treeId, ulong minObjectId, ulong maxObjectId, uint minType, uint maxType) => new()
    {
        TreeId = treeId,
        MinObjectId = minObjectId,
        MaxObjectId = maxObjectId,
        MinType = minType,
        MaxType = maxType,
        MinOffset = 0,
        MaxOffset = ulong.MaxValue,
        MinTransId = 0,
        MaxTransId = ulong.MaxValue,
    };
}
