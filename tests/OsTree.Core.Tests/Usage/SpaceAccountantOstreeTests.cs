using OsTree.Deployments;
using OsTree.TestSupport;
using OsTree.Usage;

namespace OsTree.Core.Tests.Usage;

/// <summary>
/// The accountant on a sysroot made and cleaned by the real <c>ostree admin</c>: its figures add up to <c>du</c>, and
/// "freed if deleted" is what <c>ostree admin undeploy</c> + <c>cleanup</c> removes from the deployment and the
/// content objects, measured with statvfs on a dedicated ext4.
/// </summary>
public sealed class SpaceAccountantOstreeTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Figures_add_up_and_freed_if_deleted_is_what_undeploy_and_cleanup_free(bool dropBranchRefs)
    {
        Requires.Root("mounts a loop ext4 filesystem; ostree admin deploy needs root");
        Requires.Tool("ostree", "mkfs.ext4", "mount", "umount", "truncate", "du", "find");
        using var fs = new LoopFileSystem(256L << 20);
        var path = OstreeSysrootFixture.Create(fs.MountPoint, images: 4, files: 250, replaced: 0.10);
        var repo = Path.Combine(path, "ostree", "repo");

        // Either only the deployments keep their commits (branch refs dropped but the newest), or every image's
        // branch ref keeps its content, so deleting a deployment frees only its directories and /etc copy.
        for (var i = 0; dropBranchRefs && i < 3; i++)
        {
            Tool.Check("ostree", "--repo=" + repo, "refs", "--delete", $"testos/image{i}");
        }

        var sysroot = Sysroot.Open(path);
        sysroot.Load();
        Assert.Equal(4, sysroot.Deployments.Count);
        var report = await new SpaceAccountant().MeasureAsync(sysroot, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(SysrootName(sysroot, 0), report.ReferenceId);

        // Everything walked adds up to du over the same directories.
        var dirs = sysroot.Deployments.Select(sysroot.GetDeploymentDirectory).Append(Path.Combine(repo, "objects")).Append(Path.Combine(path, "ostree", "deploy", "testos", "var")).ToArray();
        Assert.Equal(Du.Total(dirs), report.Totals.All.Bytes);
        var t = report.Totals;
        Assert.Equal(t.All, t.SharedBetweenDeployments.Add(t.ExclusiveToOneDeployment).Add(t.RepositoryOnly).Add(t.RetainedTreesOnly));

        // Undeploy the oldest, as ostree does it (boot config rewritten, directory removed, repository pruned).
        var victim = report.Deployments[3];
        var victimDirectory = victim.Path;
        var before = OstreeSysrootFixture.Inodes(path);
        var freeBefore = fs.FreeBytes();
        Tool.Check("ostree", "admin", "undeploy", "--sysroot=" + path, "3");
        Tool.Check("ostree", "admin", "cleanup", "--sysroot=" + path);
        var freed = fs.FreeBytes() - freeBefore;
        var after = OstreeSysrootFixture.Inodes(path);

        // What ostree removed from the model's domain (the deployment directory and content objects) is exactly the
        // prediction; the rest is the commit's metadata objects, the origin file and boot-loader files.
        var gone = before.Where(kv => !after.ContainsKey(kv.Key)).Select(kv => kv.Value).ToList();
        var goneInDomain = gone.Where(g => g.Paths.Any(p => p.StartsWith(victimDirectory + "/", StringComparison.Ordinal) || p == victimDirectory || p.EndsWith(".file", StringComparison.Ordinal))).Sum(g => g.Blocks);
        Assert.Equal(victim.FreedIfDeleted.Bytes, goneInDomain);
        var goneElsewhere = gone.Sum(g => g.Blocks) - goneInDomain;
        Assert.InRange(freed, victim.FreedIfDeleted.Bytes, victim.FreedIfDeleted.Bytes + goneElsewhere + (64 << 10));
        TestContext.Current.SendDiagnosticMessage($"predicted {victim.FreedIfDeleted.Bytes} B, statvfs freed {freed} B, metadata/origin/boot files removed {goneElsewhere} B");
    }

    private static string SysrootName(Sysroot sysroot, int index) => sysroot.Deployments[index].Name;
}
