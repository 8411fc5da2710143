using System.Globalization;

namespace OsTree.Btrfs.Internal;

/// <summary>Names for the <c>statfs</c> magic numbers a user is likely to meet, for error messages only.</summary>
internal static class FilesystemNames
{
    internal static string Describe(long magic) => (magic & 0xFFFFFFFF) switch
    {
        0x9123683E => "btrfs",
        0xEF53 => "ext2/3/4",
        0x01021994 => "tmpfs",
        0x58465342 => "xfs",
        0x794C7630 => "overlayfs",
        0x6969 => "nfs",
        0x2FC12FC1 => "zfs",
        0xF2F52010 => "f2fs",
        0x858458F6 => "ramfs",
        0x73717368 => "squashfs",
        0x4D44 => "vfat",
        0x65735546 => "fuse",
        0x9FA0 => "procfs",
        _ => string.Create(CultureInfo.InvariantCulture, $"a filesystem with magic 0x{magic & 0xFFFFFFFF:X8}"),
    };
}
