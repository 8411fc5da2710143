using OsTree.Btrfs.Internal;

namespace OsTree.Btrfs.Tests;

public sealed class ParsingTests
{
    [Fact]
    public void Mountinfo_lines_are_parsed_with_escapes_and_optional_fields()
    {
        const string line = @"417 29 0:64 /snap\040one /tmp/mount\040point rw,relatime shared:225 master:1 - btrfs /dev/loop3 rw,space_cache=v2,subvolid=257,subvol=/snap\040one";
        Assert.True(MountTable.TryParse(line, out var entry));
        Assert.Equal("/snap one", entry.Root);
        Assert.Equal("/tmp/mount point", entry.MountPoint);
        Assert.Equal("btrfs", entry.FilesystemType);
        Assert.Equal(257UL, entry.SubvolumeId);

        Assert.True(MountTable.TryParse("22 1 8:1 / / rw - ext4 /dev/sda1 rw,errors=remount-ro", out var ext4));
        Assert.Null(ext4.SubvolumeId);
        Assert.False(MountTable.TryParse("garbage", out _));
    }

    [Fact]
    public void The_live_mount_table_parses()
    {
        var mounts = MountTable.Read();
        Assert.Contains(mounts, m => m.MountPoint == "/");
    }

    [Theory]
    [InlineData("0/256", 0, 256UL, 256UL)]
    [InlineData("1/100", 1, 100UL, (1UL << 48) | 100)]
    [InlineData("65535/281474976710655", 65535, (1UL << 48) - 1, ulong.MaxValue)]
    public void Qgroup_ids_parse_pack_and_print(string text, ushort level, ulong id, ulong value)
    {
        var parsed = BtrfsQgroupId.Parse(text);
        Assert.Equal(new BtrfsQgroupId(level, id), parsed);
        Assert.Equal(value, parsed.Value);
        Assert.Equal(parsed, BtrfsQgroupId.FromValue(value));
        Assert.Equal(text, parsed.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("/1")]
    [InlineData("1/")]
    [InlineData("1-2")]
    [InlineData("70000/1")]
    [InlineData("0/281474976710656")]
    [InlineData("-1/2")]
    public void Malformed_qgroup_ids_are_refused(string text)
        => Assert.Throws<FormatException>(() => BtrfsQgroupId.Parse(text));

    [Theory]
    [InlineData("/x/..")]
    [InlineData("/x/.")]
    [InlineData("/")]
    [InlineData("a\0b")]
    public void Unusable_subvolume_names_are_refused(string path)
        => Assert.Throws<ArgumentException>(() => NativeFiles.SplitLeaf(path));
}
