using OsTree.TestSupport;
using OsTree.Usage;

namespace OsTree.Core.Tests.Usage;

/// <summary>
/// "Freed if deleted" against the truth: on a dedicated ext4 filesystem, delete the deployments the way a cleanup
/// does (remove the directory, then every object whose link count dropped to 1) and measure free space with statvfs.
/// </summary>
public sealed class SpaceAccountantFreedTests
{
    private static async Task<SpaceReport> MeasureAsync(HardLinkSysroot sysroot, int reference)
        => await new SpaceAccountant().MeasureAsync(
            new SpaceAccountingRequest
            {
                Deployments = sysroot.Deployments.Select(d => new DeploymentTree(Path.GetFileName(d), d)).ToList(),
                ReferenceId = Path.GetFileName(sysroot.Deployments[reference]),
                RepositoryPath = sysroot.RepositoryPath,
            },
            cancellationToken: TestContext.Current.CancellationToken);

    // What undeploy + cleanup does to a hard-link store: the deployment directory goes, then prune deletes the
    // objects nothing links any more (those whose link count fell to 1 because the deployment held the other link).
    private static void Delete(HardLinkSysroot sysroot, params string[] deployments)
    {
        var linked = Objects(sysroot, "+1");
        foreach (var deployment in deployments)
        {
            Directory.Delete(deployment, recursive: true);
        }

        foreach (var dropped in Objects(sysroot, "1").Intersect(linked))
        {
            File.Delete(dropped);
        }
    }

    private static HashSet<string> Objects(HardLinkSysroot sysroot, string links)
        => Tool.Check("find", sysroot.ObjectsPath, "-type", "f", "-name", "*.file", "-links", links)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .ToHashSet(StringComparer.Ordinal);

    [Fact]
    public async Task Freed_if_deleted_equals_what_deleting_one_deployment_frees()
    {
        Requires.Root("mounts a loop ext4 filesystem to measure freed space with statvfs");
        Requires.Tool("mkfs.ext4", "mount", "umount", "truncate", "cp", "stat");
        using var fs = new LoopFileSystem(128L << 20);
        var sysroot = HardLinkSysroot.Create(Path.Combine(fs.MountPoint, "sysroot"), files: 300, deployments: 4, replaced: 0.10, dangling: 5);
        var report = await MeasureAsync(sysroot, reference: 3);
        var victim = report.Deployments[1];
        Assert.True(victim.FreedIfDeleted.Bytes > 0);

        var before = fs.FreeBytes();
        Delete(sysroot, sysroot.Deployments[1]);
        var freed = fs.FreeBytes() - before;
        Assert.Equal(victim.FreedIfDeleted.Bytes, freed);
    }

    [Fact]
    public async Task Freed_if_all_others_deleted_equals_what_deleting_them_frees()
    {
        Requires.Root("mounts a loop ext4 filesystem to measure freed space with statvfs");
        Requires.Tool("mkfs.ext4", "mount", "umount", "truncate", "cp", "stat");
        using var fs = new LoopFileSystem(128L << 20);
        var sysroot = HardLinkSysroot.Create(Path.Combine(fs.MountPoint, "sysroot"), files: 300, deployments: 4, replaced: 0.10, dangling: 5);
        var report = await MeasureAsync(sysroot, reference: 3);
        var sumOfSingles = report.Deployments.Where(d => !d.IsReference).Sum(d => d.FreedIfDeleted.Bytes);
        Assert.True(report.FreedIfAllOthersDeleted.Bytes > sumOfSingles);

        var before = fs.FreeBytes();
        Delete(sysroot, sysroot.Deployments[0], sysroot.Deployments[1], sysroot.Deployments[2]);
        var freed = fs.FreeBytes() - before;
        Assert.Equal(report.FreedIfAllOthersDeleted.Bytes, freed);

        // What is left is the reference, its objects, the dangling objects and the metadata: du agrees.
        sysroot.Deployments.RemoveRange(0, 3);
        var after = await MeasureAsync(sysroot, reference: 0);
        Assert.Equal(report.Deployments[3].Total, after.Deployments[0].Total);
        Assert.Equal(report.Repository!.UnreferencedContent, after.Repository!.UnreferencedContent);
    }
}
