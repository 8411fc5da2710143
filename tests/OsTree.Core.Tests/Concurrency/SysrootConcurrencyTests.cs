using System.Collections.Concurrent;
using OsTree.Core.Tests.Deployments;
using OsTree.Deployments;
using OsTree.TestSupport;

namespace OsTree.Core.Tests.Concurrency;

/// <summary>
/// Two deploys at once on one sysroot: two threads with their own <see cref="Sysroot"/> instances and the real
/// <c>ostree admin deploy</c> all deploy at the same time. The sysroot lock (<c>ostree/lock</c>, the one libostree
/// takes) makes them wait for each other; afterwards every deployment is complete and both tools agree.
/// </summary>
public sealed class SysrootConcurrencyTests
{
    [Fact]
    public void Concurrent_deploys_by_two_threads_and_ostree_serialize_on_the_sysroot_lock()
    {
        Requires.Root("deployments are root-owned and immutable");
        Requires.Tool("ostree");
        using var b = new OstreeSysrootBuilder();
        var c1 = b.Commit("1.0");
        Tool.Check("ostree", "refs", "--repo=" + b.Repo, "--create=testos/old", c1);
        File.WriteAllText(Path.Combine(b.Tree, "usr/etc/a.conf"), "a=2\n");
        var c2 = b.Commit("2.0");
        b.OstreeDeploy().EnsureSuccess("first deploy");

        var errors = new ConcurrentQueue<Exception>();
        var threads = new[] { c1, c2 }.Select((commit, n) => new Thread(() =>
        {
            try
            {
                var sysroot = Sysroot.Open(b.Sysroot);
                for (var i = 0; i < 3; i++)
                {
                    sysroot.Deploy(new DeployOptions { OsName = "testos", Commit = commit, Refspec = b.Ref, Retain = true, AppendKernelArguments = [$"t{n}={i}"] }, TestContext.Current.CancellationToken);
                }
            }
#pragma warning disable CA1031 // Collected and reported by the test thread.
            catch (Exception e)
#pragma warning restore CA1031
            {
                errors.Enqueue(e);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        for (var i = 0; i < 2; i++)
        {
            b.OstreeDeploy("--retain", "--karg-append=ostree=" + i).EnsureSuccess("ostree admin deploy during ours");
        }

        threads.ForEach(t => t.Join());
        Assert.Empty(errors);

        var sysroot = Sysroot.Open(b.Sysroot);
        sysroot.Load();
        Assert.Equal(9, sysroot.Deployments.Count);
        Assert.Equal(9, sysroot.Deployments.Select(d => d.BootConfig.Options).Distinct().Count());
        foreach (var d in sysroot.Deployments)
        {
            var dir = sysroot.GetDeploymentDirectory(d);
            Assert.True(File.Exists(dir + ".origin"), $"{d} has no origin");
            Assert.True(File.Exists(dir + "/usr/etc/a.conf"), $"{d} is incomplete");
        }

        var status = Tool.Run("ostree", "admin", "status", "--sysroot=" + b.Sysroot);
        Assert.True(status.ExitCode == 0, status.StandardError);
        Assert.Equal(status.StandardOutput, sysroot.FormatStatus());
        Tool.Check("ostree", "fsck", "--repo=" + b.Repo);
    }
}
