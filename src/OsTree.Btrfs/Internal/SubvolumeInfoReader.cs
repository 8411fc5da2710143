using System.Text;
using Microsoft.Win32.SafeHandles;
using static OsTree.Btrfs.Internal.Interop.Interop;

namespace OsTree.Btrfs.Internal;

/// <summary>Turns GET_SUBVOL_INFO's struct into <see cref="BtrfsSubvolumeInfo"/>.</summary>
internal static unsafe class SubvolumeInfoReader
{
    internal static BtrfsSubvolumeInfo Read(SafeFileHandle handle, string path)
    {
        var args = BtrfsIoctl.GetSubvolumeInfo(handle, path);
        var name = new ReadOnlySpan<byte>(args.Name, 256);
        var length = name.IndexOf((byte)0);
        return new BtrfsSubvolumeInfo
        {
            Id = args.TreeId,
            Name = Encoding.UTF8.GetString(name[..(length < 0 ? 255 : length)]),
            ParentId = args.ParentId,
            DirectoryId = args.DirId,
            Generation = args.Generation,
            CreationGeneration = args.OTransId,
            ChangeGeneration = args.CTransId,
            IsReadOnly = (args.Flags & BtrfsAbi.RootSubvolRdOnly) != 0,
            Uuid = BtrfsUuid.Read(new ReadOnlySpan<byte>(args.Uuid, 16)),
            ParentUuid = BtrfsUuid.ReadOptional(new ReadOnlySpan<byte>(args.ParentUuid, 16)),
            ReceivedUuid = BtrfsUuid.ReadOptional(new ReadOnlySpan<byte>(args.ReceivedUuid, 16)),
            CreatedAt = BtrfsUuid.ReadTime(args.OTimeSeconds, args.OTimeNanoseconds),
            ChangedAt = BtrfsUuid.ReadTime(args.CTimeSeconds, args.CTimeNanoseconds),
        };
    }
}
