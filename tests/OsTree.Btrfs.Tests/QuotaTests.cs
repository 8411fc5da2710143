using System.Globalization;
using OsTree.TestSupport;

namespace OsTree.Btrfs.Tests;

/// <summary>Quotas are enabled explicitly here, on this class's own filesystem only.</summary>
public sealed class QuotaTests(BtrfsLoopFixture fs) : IClassFixture<BtrfsLoopFixture>
{
    [Fact]
    public async Task Qgroups_equal_btrfs_qgroup_show_and_a_level1_group_answers_freed_if_deleted()
    {
        fs.Require();
        var token = TestContext.Current.CancellationToken;
        using var filesystem = BtrfsFilesystem.Open(fs.MountPoint);
        Assert.False(filesystem.GetQuotaStatus().IsEnabled);
        Assert.Empty(filesystem.GetQgroups());

        BtrfsSubvolume.Create(fs.Combine("A"));
        var files = TestTree.Populate(fs.Combine("A"), 150, seed: 21);
        var s1 = BtrfsSubvolume.Snapshot(fs.Combine("A"), fs.Combine("S1"), readOnly: true);
        TestTree.Rewrite(fs.Combine("A"), files, offset: 0, step: 10, seed: 22);
        var s2 = BtrfsSubvolume.Snapshot(fs.Combine("A"), fs.Combine("S2"), readOnly: true);
        TestTree.Rewrite(fs.Combine("A"), files, offset: 1, step: 10, seed: 23);

        var accountant = new BtrfsSpaceAccountant();
        var request = new BtrfsSpaceRequest { CurrentImage = fs.Combine("A"), OtherImages = [fs.Combine("S1"), fs.Combine("S2")] };

        filesystem.EnableQuotas();
        await filesystem.WaitForQuotaRescanAsync(token);
        filesystem.Sync();
        var status = filesystem.GetQuotaStatus();
        Assert.True(status.IsEnabled && status.IsConsistent, $"status {status}");

        // Quotas on but no level-1 group: FIEMAP, with the reason.
        var fallback = await accountant.MeasureAsync(request, cancellationToken: token);
        Assert.Equal(BtrfsSpaceBasis.FiemapData, fallback.Basis);
        Assert.Contains("level-1 qgroup", fallback.QgroupUnavailableReason, StringComparison.Ordinal);

        var group = new BtrfsQgroupId(1, 100);
        await filesystem.SetQgroupMembersAsync(group, [s1.Id, s2.Id], token);
        Assert.True(filesystem.GetQuotaStatus().IsConsistent);
        filesystem.Sync();
        AssertEqualsQgroupShow(filesystem.GetQgroups());

        var report = await accountant.MeasureAsync(request, cancellationToken: token);
        Assert.Equal(BtrfsSpaceBasis.Qgroup, report.Basis);
        Assert.Null(report.QgroupUnavailableReason);
        Assert.Equal("data+metadata from qgroup 1/100", report.FreedIfAllOthersDeleted.Covers);
        var shown = ParseShow(Tool.Check("btrfs", "qgroup", "show", "--raw", fs.MountPoint));
        Assert.Equal(shown["1/100"].Excl, report.FreedIfAllOthersDeleted.Bytes);
        Assert.Equal(shown[$"0/{s2.Id}"].Excl, report.Images[2].FreedIfOnlyThisDeleted.Bytes);
        Assert.Equal(shown[$"0/{s1.Id}"].Rfer, report.Images[1].Referenced.Bytes);

        // Both methods describe the same deletion; qgroups add metadata, so they say at least as much.
        Assert.True(report.FreedIfAllOthersDeleted.Bytes >= fallback.FreedIfAllOthersDeleted.Bytes);

        // Membership no longer matching (S2 left the group): back to FIEMAP.
        await filesystem.SetQgroupMembersAsync(group, [s1.Id], token);
        var changed = await accountant.MeasureAsync(request, cancellationToken: token);
        Assert.Equal(BtrfsSpaceBasis.FiemapData, changed.Basis);
        AssertEqualsQgroupShow(filesystem.GetQgroups());
        Assert.Equal([group], filesystem.GetQgroups().Single(q => q.Id.Id == s1.Id && q.Id.Level == 0).Parents);

        filesystem.DisableQuotas();
        Assert.False(filesystem.GetQuotaStatus().IsEnabled);
        Assert.Empty(filesystem.GetQgroups());
        await Assert.ThrowsAsync<InvalidOperationException>(() => filesystem.SetQgroupMembersAsync(group, [s1.Id], token));
    }

    private void AssertEqualsQgroupShow(IReadOnlyList<BtrfsQgroup> ours)
    {
        var theirs = ParseShow(Tool.Check("btrfs", "qgroup", "show", "--raw", "-p", "-c", fs.MountPoint));
        Assert.Equal(
            theirs.Select(t => $"{t.Key} {t.Value.Rfer} {t.Value.Excl} {t.Value.Parents} {t.Value.Children}"),
            ours.Select(q => $"{q.Id} {q.Referenced} {q.Exclusive} {Join(q.Parents)} {Join(q.Children)}"));
    }

    private static string Join(IReadOnlyList<BtrfsQgroupId> ids) => ids.Count == 0 ? "-" : string.Join(",", ids);

    private static Dictionary<string, (ulong Rfer, ulong Excl, string Parents, string Children)> ParseShow(string output)
    {
        var withRelations = output.Contains("Parent", StringComparison.Ordinal);
        var result = new Dictionary<string, (ulong, ulong, string, string)>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2))
        {
            var p = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            result[p[0]] = (ulong.Parse(p[1], CultureInfo.InvariantCulture), ulong.Parse(p[2], CultureInfo.InvariantCulture),
                withRelations ? p[3] : string.Empty, withRelations ? p[4] : string.Empty);
        }

        Assert.NotEmpty(result);
        return result;
    }
}
