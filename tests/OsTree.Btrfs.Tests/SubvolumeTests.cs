using System.Globalization;
using System.Text.RegularExpressions;
using OsTree.TestSupport;

namespace OsTree.Btrfs.Tests;

public sealed partial class SubvolumeTests(BtrfsLoopFixture fs) : IClassFixture<BtrfsLoopFixture>
{
    [Fact]
    public void Create_snapshot_and_info_agree_with_btrfs_subvolume_show()
    {
        fs.Require();
        var a = BtrfsSubvolume.Create(fs.Combine("info-a"));
        File.WriteAllText(fs.Combine("info-a", "file"), "content");
        var snap = BtrfsSubvolume.Snapshot(fs.Combine("info-a"), fs.Combine("info-snap"), readOnly: true);

        Assert.True(BtrfsSubvolume.IsSubvolume(fs.Combine("info-a")));
        Assert.False(BtrfsSubvolume.IsSubvolume(fs.Combine("info-a", "file")));
        Assert.Equal("info-a", a.Name);
        Assert.Equal(5UL, a.ParentId);
        Assert.Null(a.ParentUuid);
        Assert.False(a.IsReadOnly);
        Assert.True(snap.IsReadOnly);
        Assert.Equal(a.Uuid, snap.ParentUuid);
        Assert.Equal(snap.Id, BtrfsSubvolume.GetId(fs.Combine("info-snap", "file")));

        var show = Tool.Check("btrfs", "subvolume", "show", fs.Combine("info-snap"));
        Assert.Matches($@"Subvolume ID:\s+{snap.Id}\b", show);
        Assert.Matches($@"UUID:\s+{snap.Uuid}", show);
        Assert.Matches($@"Parent UUID:\s+{a.Uuid}", show);
        Assert.Matches($@"Generation:\s+{snap.Generation}\b", show);
        Assert.Matches($@"Gen at creation:\s+{snap.CreationGeneration}\b", show);
        Assert.Matches(@"Flags:\s+readonly", show);
        Assert.InRange(snap.CreatedAt, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [Fact]
    public void Read_only_flag_round_trips_and_blocks_writes()
    {
        fs.Require();
        BtrfsSubvolume.Create(fs.Combine("ro-a"));
        BtrfsSubvolume.Snapshot(fs.Combine("ro-a"), fs.Combine("ro-rw"), readOnly: false);
        Assert.False(BtrfsSubvolume.IsReadOnly(fs.Combine("ro-rw")));

        BtrfsSubvolume.SetReadOnly(fs.Combine("ro-rw"), true);
        Assert.True(BtrfsSubvolume.IsReadOnly(fs.Combine("ro-rw")));
        Assert.True(BtrfsSubvolume.GetInfo(fs.Combine("ro-rw")).IsReadOnly);
        Assert.Equal("ro=true", Tool.Check("btrfs", "property", "get", "-ts", fs.Combine("ro-rw"), "ro").Trim());
        var error = Assert.Throws<IOException>(() => File.WriteAllText(fs.Combine("ro-rw", "x"), "x"));
        Assert.Contains("Read-only", error.Message, StringComparison.OrdinalIgnoreCase);

        BtrfsSubvolume.SetReadOnly(fs.Combine("ro-rw"), false);
        Assert.False(BtrfsSubvolume.IsReadOnly(fs.Combine("ro-rw")));
        Assert.Equal("ro=false", Tool.Check("btrfs", "property", "get", "-ts", fs.Combine("ro-rw"), "ro").Trim());
        File.WriteAllText(fs.Combine("ro-rw", "x"), "x");
    }

    [Fact]
    public void Snapshot_of_a_subdirectory_is_refused()
    {
        fs.Require();
        BtrfsSubvolume.Create(fs.Combine("sub-a"));
        Directory.CreateDirectory(fs.Combine("sub-a", "dir"));
        Assert.Throws<ArgumentException>(() => BtrfsSubvolume.Snapshot(fs.Combine("sub-a", "dir"), fs.Combine("sub-snap"), readOnly: true));
        Assert.Throws<ArgumentException>(() => BtrfsSubvolume.Create(fs.Combine("sub-a", "..")));
    }

    [Fact]
    public void List_equals_btrfs_subvolume_list()
    {
        fs.Require();
        BtrfsSubvolume.Create(fs.Combine("list-a"));
        Directory.CreateDirectory(fs.Combine("list-a", "deep", "er"));
        BtrfsSubvolume.Create(fs.Combine("list-a", "deep", "er", "nested"));
        BtrfsSubvolume.Create(fs.Combine("list-a", "deep", "er", "nested", "inner"));
        BtrfsSubvolume.Snapshot(fs.Combine("list-a"), fs.Combine("list-ro"), readOnly: true);
        Directory.CreateDirectory(fs.Combine("list dir with space"));
        BtrfsSubvolume.Snapshot(fs.Combine("list-a"), fs.Combine("list dir with space", "snap rw"), readOnly: false);

        using var filesystem = BtrfsFilesystem.Open(fs.MountPoint);
        var ours = filesystem.ListSubvolumes();
        var theirs = ParseList(Tool.Check("btrfs", "subvolume", "list", "-p", "-c", "-u", "-q", "-R", fs.MountPoint));
        Assert.Equal(
            theirs.Select(t => $"{t.Id} gen {t.Gen} cgen {t.CGen} parent {t.Parent} {t.ParentUuid} {t.ReceivedUuid} {t.Uuid} {t.Path}"),
            ours.Select(o => $"{o.Id} gen {o.Generation} cgen {o.CreationGeneration} parent {o.ParentId} {Text(o.ParentUuid)} {Text(o.ReceivedUuid)} {o.Uuid} {o.Path}"));
        Assert.Contains(ours, o => o.Path == "list-a/deep/er/nested/inner");

        var readOnly = ParseList(Tool.Check("btrfs", "subvolume", "list", "-r", "-u", fs.MountPoint)).Select(t => t.Id);
        Assert.Equal(readOnly, ours.Where(o => o.IsReadOnly).Select(o => o.Id));
        Assert.NotEmpty(readOnly);
    }

    [Fact]
    public async Task Delete_by_name_and_by_id_and_deleted_subvolumes_leave_the_list()
    {
        fs.Require();
        BtrfsSubvolume.Create(fs.Combine("del-a"));
        File.WriteAllBytes(fs.Combine("del-a", "f"), new byte[100_000]);
        var byId = BtrfsSubvolume.Snapshot(fs.Combine("del-a"), fs.Combine("del-b"), readOnly: true);
        var byName = BtrfsSubvolume.GetId(fs.Combine("del-a"));

        BtrfsSubvolume.Delete(fs.Combine("del-a"));
        using var filesystem = BtrfsFilesystem.Open(fs.MountPoint);
        filesystem.DeleteSubvolume(byId.Id);

        Assert.False(Directory.Exists(fs.Combine("del-a")));
        Assert.False(Directory.Exists(fs.Combine("del-b")));
        Assert.DoesNotContain(filesystem.ListSubvolumes(), s => s.Id == byId.Id || s.Id == byName);
        Assert.DoesNotContain($"ID {byId.Id} ", Tool.Check("btrfs", "subvolume", "list", fs.MountPoint), StringComparison.Ordinal);
        await filesystem.WaitForDeletedSubvolumesAsync([byId.Id, byName], TestContext.Current.CancellationToken);
        Assert.Empty(Tool.Check("btrfs", "subvolume", "list", "-d", fs.MountPoint).Trim());
    }

    [Fact]
    public void Delete_refuses_the_default_subvolume()
    {
        fs.Require();
        var info = BtrfsSubvolume.Create(fs.Combine("default-a"));
        using var filesystem = BtrfsFilesystem.Open(fs.MountPoint);
        Assert.Equal(5UL, filesystem.GetDefaultSubvolumeId());
        filesystem.SetDefaultSubvolume(info.Id);
        try
        {
            Assert.Equal(info.Id, filesystem.GetDefaultSubvolumeId());
            Assert.Contains($"ID {info.Id} ", Tool.Check("btrfs", "subvolume", "get-default", fs.MountPoint), StringComparison.Ordinal);
            var error = Assert.Throws<BtrfsSubvolumeInUseException>(() => BtrfsSubvolume.Delete(fs.Combine("default-a")));
            Assert.Equal(info.Id, error.SubvolumeId);
            Assert.Throws<BtrfsSubvolumeInUseException>(() => filesystem.DeleteSubvolume(info.Id));
            Assert.Throws<BtrfsSubvolumeInUseException>(() => filesystem.DeleteSubvolume(5));
        }
        finally
        {
            filesystem.SetDefaultSubvolume(5);
        }

        Assert.True(Directory.Exists(fs.Combine("default-a")));
        BtrfsSubvolume.Delete(fs.Combine("default-a"));
    }

    [Fact]
    public void Delete_refuses_a_subvolume_mounted_elsewhere()
    {
        fs.Require();
        var info = BtrfsSubvolume.Create(fs.Combine("mounted-a"));
        File.WriteAllText(fs.Combine("mounted-a", "marker"), "still here");
        var elsewhere = fs.MountSubvolume("/mounted-a");
        try
        {
            var error = Assert.Throws<BtrfsSubvolumeInUseException>(() => BtrfsSubvolume.Delete(fs.Combine("mounted-a")));
            Assert.Contains(elsewhere, error.Message, StringComparison.Ordinal);
            using var filesystem = BtrfsFilesystem.Open(fs.MountPoint);
            Assert.Throws<BtrfsSubvolumeInUseException>(() => filesystem.DeleteSubvolume(info.Id));
            Assert.Equal("still here", File.ReadAllText(Path.Combine(elsewhere, "marker")));
        }
        finally
        {
            BtrfsLoopFixture.Unmount(elsewhere);
        }

        BtrfsSubvolume.Delete(fs.Combine("mounted-a"));
        Assert.False(Directory.Exists(fs.Combine("mounted-a")));
    }

    [Fact]
    public void Delete_of_a_subvolume_with_nested_subvolumes_fails_with_ENOTEMPTY()
    {
        fs.Require();
        BtrfsSubvolume.Create(fs.Combine("nest-a"));
        BtrfsSubvolume.Create(fs.Combine("nest-a", "inner"));
        var error = Assert.Throws<IOException>(() => BtrfsSubvolume.Delete(fs.Combine("nest-a")));
        Assert.Equal(39, error.HResult);
        BtrfsSubvolume.Delete(fs.Combine("nest-a", "inner"));
        BtrfsSubvolume.Delete(fs.Combine("nest-a"));
    }

    [Fact]
    public void Existing_name_gives_EEXIST()
    {
        fs.Require();
        BtrfsSubvolume.Create(fs.Combine("exists-a"));
        var error = Assert.Throws<IOException>(() => BtrfsSubvolume.Create(fs.Combine("exists-a")));
        Assert.Equal(17, error.HResult);
    }

    private static string Text(Guid? uuid) => uuid?.ToString() ?? "-";

    private static List<ListLine> ParseList(string output)
    {
        var lines = new List<ListLine>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var m = ListLineRegex().Match(line);
            Assert.True(m.Success, $"unexpected line: {line}");
            string Get(string name) => m.Groups[name].Success ? m.Groups[name].Value : string.Empty;
            lines.Add(new ListLine(
                ulong.Parse(Get("id"), CultureInfo.InvariantCulture),
                Get("gen"),
                Get("cgen"),
                Get("parent"),
                Get("puuid"),
                Get("ruuid"),
                Get("uuid"),
                Get("path")));
        }

        return lines;
    }

    [GeneratedRegex(@"^ID (?<id>\d+) gen (?<gen>\d+)( cgen (?<cgen>\d+))?( parent (?<parent>\d+))? top level \d+(\s+parent_uuid\s+(?<puuid>\S+))?(\s+received_uuid\s+(?<ruuid>\S+))?(\s+uuid\s+(?<uuid>\S+))? path (?<path>.*)$")]
    private static partial Regex ListLineRegex();

    private sealed record ListLine(ulong Id, string Gen, string CGen, string Parent, string ParentUuid, string ReceivedUuid, string Uuid, string Path);
}
