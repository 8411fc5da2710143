using System.Diagnostics;
using OsTree.Deployments;
using OsTree.TestSupport;

namespace OsTree.Core.Tests.Deployments;

/// <summary>
/// Crash safety: a child process deploys, undeploys and cleans up in a loop and is SIGKILLed at random moments.
/// After every kill the boot configuration must name only complete deployments whose files match their commit,
/// <c>ostree admin status</c> and <c>ostree fsck</c> must pass, and the next run must succeed.
/// <c>OSTREE_NET_CRASH_ITERATIONS</c> sets the number of kills (200 by default, what issue 4 asks of CI; tools/crash-harness.sh runs more).
/// </summary>
public sealed class SysrootCrashTests
{
    [Fact]
    public void Killing_deploy_undeploy_and_cleanup_at_random_moments_never_breaks_the_boot_configuration()
    {
        Requires.Root("deployments are root-owned and immutable");
        Requires.Tool("ostree");
        var iterations = int.TryParse(Environment.GetEnvironmentVariable("OSTREE_NET_CRASH_ITERATIONS"), out var n) ? n : 200;
        using var b = new OstreeSysrootBuilder();
        var c1 = b.Commit("1.0");
        Tool.Check("ostree", "refs", "--repo=" + b.Repo, "--create=testos/old", c1); // ostree admin deploy prunes unreferenced commits
        File.WriteAllText(System.IO.Path.Combine(b.Tree, "usr/lib/modules/5.10.0-test/vmlinuz"), "kernel-2\n");
        File.WriteAllText(System.IO.Path.Combine(b.Tree, "usr/etc/a.conf"), "a=2\n");
        var c2 = b.Commit("2.0");
        b.OstreeDeploy("--karg=quiet").EnsureSuccess("first deploy");
        File.WriteAllText(System.IO.Path.Combine(b.DeploymentDirectory(c2), "etc/local.conf"), "local\n");

        var reference = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var commit in new[] { c1, c2 })
        {
            var checkout = b.Temp("ref-" + commit);
            Tool.Check("ostree", "checkout", "--repo=" + b.Repo, commit, checkout);
            reference[commit] = TreeListing.Of(System.IO.Path.Combine(checkout, "usr"));
        }

        var random = new Random(12345);
        var killedWhileRunning = 0;
        for (var i = 0; i < iterations; i++)
        {
            TestContext.Current.CancellationToken.ThrowIfCancellationRequested();
            using (var child = StartWorker(b.Sysroot, c1 + "," + c2))
            {
                // Wait until the child runs (its JIT and startup are not interesting), then kill it at a random moment.
                if (child.StandardOutput.ReadLine() != "started")
                {
                    child.WaitForExit();
                    Assert.Fail("worker did not start: " + child.StandardError.ReadToEnd());
                }

                Thread.Sleep(random.Next(0, 250));
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

            Verify(b, reference, i);
        }

        if (Environment.GetEnvironmentVariable("OSTREE_NET_CRASH_REPORT") is { Length: > 0 } reportPath)
        {
            File.AppendAllText(reportPath, $"sysroot crash harness: {iterations} kills, {killedWhileRunning} while running\n");
        }

        Assert.True(killedWhileRunning >= iterations * 9 / 10, $"only {killedWhileRunning} of {iterations} kills hit a running worker");

        // The next deploy succeeds, ours and ostree's.
        var sysroot = Sysroot.Open(b.Sysroot);
        sysroot.Load();
        sysroot.Deploy(new DeployOptions { OsName = "testos", Commit = c1, Refspec = b.Ref }, TestContext.Current.CancellationToken);
        Verify(b, reference, iterations);
        b.OstreeDeploy().EnsureSuccess("ostree deploy after the crashes");
    }

    private static Process StartWorker(string sysroot, string commits)
        => TestExecutableWorker.Start(typeof(CrashWorker).Assembly, (CrashWorker.SysrootVariable, sysroot), (CrashWorker.CommitsVariable, commits));

    private static void Verify(OstreeSysrootBuilder b, Dictionary<string, string> reference, int iteration)
    {
        var sysroot = Sysroot.Open(b.Sysroot);
        sysroot.Load();
        Assert.NotEmpty(sysroot.Deployments);
        foreach (var d in sysroot.Deployments)
        {
            var dir = sysroot.GetDeploymentDirectory(d);
            Assert.True(File.Exists(dir + ".origin"), $"kill {iteration}: {d} has no origin");
            Assert.True(Directory.Exists(dir + "/etc"), $"kill {iteration}: {d} has no etc");
            Assert.True(reference[d.Checksum] == TreeListing.Of(dir + "/usr"), $"kill {iteration}: {d} does not match its commit");
            var kernel = System.IO.Path.Combine(b.Sysroot, "boot") + d.BootConfig.Linux;
            Assert.True(File.Exists(kernel), $"kill {iteration}: {d} boots a missing kernel {d.BootConfig.Linux}");
            Assert.Equal(File.ReadAllText(dir + "/usr/lib/modules/5.10.0-test/vmlinuz"), File.ReadAllText(kernel));
        }

        var status = Tool.Run("ostree", "admin", "status", "--sysroot=" + b.Sysroot);
        Assert.True(status.ExitCode == 0, $"kill {iteration}: ostree admin status failed: {status.StandardError}");
        Assert.Equal(status.StandardOutput, sysroot.FormatStatus());
        var fsck = Tool.Run("ostree", "fsck", "--repo=" + b.Repo);
        Assert.True(fsck.ExitCode == 0, $"kill {iteration}: ostree fsck failed: {fsck.StandardError}{fsck.StandardOutput}");
    }
}
