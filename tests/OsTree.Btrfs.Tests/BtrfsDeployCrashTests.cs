using System.Diagnostics;
using OsTree.Deployments;
using OsTree.TestSupport;

namespace OsTree.Btrfs.Tests;

/// <summary>
/// Crash safety of BTRFS deployments: a child process deploys (snapshots plus the commit difference, or fresh
/// subvolumes), undeploys and cleans up in a loop on a real btrfs and is SIGKILLed at random moments. After every
/// kill each deployment the boot configuration names must be a complete subvolume equal to its commit, and
/// <c>ostree admin status</c> and <c>ostree fsck</c> must pass; at the end the next deploy succeeds and leaves no
/// stray subvolume. <c>OSTREE_NET_BTRFS_CRASH_ITERATIONS</c> sets the number of kills (40 by default).
/// </summary>
public sealed class BtrfsDeployCrashTests(BtrfsLoopFixture fs) : IClassFixture<BtrfsLoopFixture>
{
    [Fact]
    public void Killing_btrfs_deploys_at_random_moments_never_leaves_the_boot_configuration_on_an_incomplete_subvolume()
    {
        fs.Require();
        Requires.Root("deploys a bare repository with owners and the immutable flag");
        Requires.Tool("ostree", "btrfs", "diff");
        var iterations = int.TryParse(Environment.GetEnvironmentVariable("OSTREE_NET_BTRFS_CRASH_ITERATIONS"), out var n) ? n : 40;
        var sysroot = fs.Combine("crash-" + Guid.NewGuid().ToString("N")[..8]);
        var (first, second) = DeploymentBackendTests.PrepareSysroot(sysroot, fs.Combine("crash-trees-" + Guid.NewGuid().ToString("N")[..8]));
        var repo = Path.Combine(sysroot, "ostree/repo");
        Tool.Check("ostree", "refs", "--repo=" + repo, "--create=testos/old", first.ToString()); // cleanup prunes unreferenced commits
        Sysroot.Open(sysroot, new SysrootOptions().UseBtrfs()).Deploy(new DeployOptions { OsName = "testos", Commit = first.ToString() }, TestContext.Current.CancellationToken);

        var reference = new Dictionary<string, (string Metadata, string Checkout)>(StringComparer.Ordinal);
        foreach (var commit in new[] { first, second })
        {
            var checkout = fs.Combine("crash-ref-" + commit);
            Tool.Check("ostree", "checkout", "--repo=" + repo, commit.ToString(), checkout);
            reference[commit.ToString()] = (DeploymentBackendTests.Metadata(checkout), checkout);
        }

        var random = new Random(4711);
        var killedWhileRunning = 0;
        for (var i = 0; i < iterations; i++)
        {
            TestContext.Current.CancellationToken.ThrowIfCancellationRequested();
            using (var child = StartWorker(sysroot, $"{first},{second}"))
            {
                if (child.StandardOutput.ReadLine() != "started")
                {
                    child.WaitForExit();
                    Assert.Fail("worker did not start: " + child.StandardError.ReadToEnd());
                }

                Thread.Sleep(random.Next(0, 300));
                if (!child.HasExited)
                {
                    child.Kill();
                    killedWhileRunning++;
                }

                child.WaitForExit();
                if (child.ExitCode == 3)
                {
                    Assert.Fail("worker failed: " + child.StandardError.ReadToEnd());
                }
            }

            Verify(sysroot, reference, i);
        }

        Assert.True(killedWhileRunning >= iterations * 9 / 10, $"only {killedWhileRunning} of {iterations} kills hit a running worker");

        // The next deploy succeeds, and its cleanup leaves exactly the deployments' subvolumes.
        var system = Sysroot.Open(sysroot, new SysrootOptions().UseBtrfs());
        system.Load();
        system.Deploy(new DeployOptions { OsName = "testos", Commit = second.ToString() }, TestContext.Current.CancellationToken);
        Verify(sysroot, reference, iterations);
        var deployDirectory = Path.Combine(sysroot, "ostree/deploy/testos/deploy");
        var subvolumes = Directory.EnumerateDirectories(deployDirectory).Where(BtrfsSubvolume.IsSubvolume).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(system.Deployments.Select(d => Path.GetFileName(system.GetDeploymentDirectory(d))).Order(StringComparer.Ordinal), subvolumes);
    }

    private static Process StartWorker(string sysroot, string commits)
        => TestExecutableWorker.Start(typeof(BtrfsCrashWorker).Assembly, (BtrfsCrashWorker.SysrootVariable, sysroot), (BtrfsCrashWorker.CommitsVariable, commits));

    private static void Verify(string path, Dictionary<string, (string Metadata, string Checkout)> reference, int iteration)
    {
        var sysroot = Sysroot.Open(path);
        sysroot.Load();
        Assert.NotEmpty(sysroot.Deployments);
        foreach (var d in sysroot.Deployments)
        {
            var dir = sysroot.GetDeploymentDirectory(d);
            Assert.True(BtrfsSubvolume.IsSubvolume(dir), $"kill {iteration}: {d} is not a subvolume");
            Assert.True(File.Exists(dir + ".origin"), $"kill {iteration}: {d} has no origin");
            Assert.True(Directory.Exists(dir + "/etc"), $"kill {iteration}: {d} has no etc");
            var (metadata, checkout) = reference[d.Checksum];
            Assert.True(metadata == DeploymentBackendTests.Metadata(dir), $"kill {iteration}: {d} does not match its commit's names, types, modes and owners");
            var diff = Tool.Run("diff", "-r", "--no-dereference", Path.Combine(checkout, "usr"), Path.Combine(dir, "usr"));
            Assert.True(diff.ExitCode == 0, $"kill {iteration}: {d} content differs from its commit: {diff.StandardOutput}{diff.StandardError}");
            var kernel = Path.Combine(path, "boot") + d.BootConfig.Linux;
            Assert.True(File.Exists(kernel), $"kill {iteration}: {d} boots a missing kernel {d.BootConfig.Linux}");
        }

        var status = Tool.Run("ostree", "admin", "status", "--sysroot=" + path);
        Assert.True(status.ExitCode == 0, $"kill {iteration}: ostree admin status failed: {status.StandardError}");
        Assert.Equal(status.StandardOutput, sysroot.FormatStatus());
        var fsck = Tool.Run("ostree", "fsck", "--repo=" + Path.Combine(path, "ostree/repo"));
        Assert.True(fsck.ExitCode == 0, $"kill {iteration}: ostree fsck failed: {fsck.StandardError}{fsck.StandardOutput}");
    }
}
