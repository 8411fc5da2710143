using System.Diagnostics;
using System.Text.Json;
using OsTree.Btrfs;
using OsTree.Btrfs.Tests;
using OsTree.Deployments;
using OsTree.TestSupport;

namespace OsTree.Cli.Tests.Transactions;

/// <summary><c>otree admin transaction</c> on a sysroot on btrfs: the working tree is a snapshot of the deployment's subvolume.</summary>
public sealed class BtrfsTransactionTests(TransactionTrees trees, BtrfsLoopFixture btrfs) : IClassFixture<TransactionTrees>, IClassFixture<BtrfsLoopFixture>
{
    [Fact]
    public async Task On_btrfs_the_working_tree_is_a_snapshot_of_the_deployment_subvolume()
    {
        btrfs.Require();
        trees.Require();
        var sysroot = btrfs.Combine("sysroot");
        Directory.CreateDirectory(sysroot);
        Tool.Check("ostree", "admin", "init-fs", sysroot);
        Tool.Check("ostree", "admin", "os-init", "--sysroot=" + sysroot, "debian");
        Tool.Check("ostree", "pull-local", "--repo=" + Path.Combine(sysroot, "ostree", "repo"), trees.DebianRepository, "debian/stable");

        // The base deployment as a btrfs-aware installer makes it: a subvolume (BtrfsDeploymentBackend).
        var library = Sysroot.Open(sysroot, new SysrootOptions().UseBtrfs());
        var base_ = library.Deploy(new DeployOptions { OsName = "debian", Commit = "debian/stable" }, TestContext.Current.CancellationToken).Deployment;
        var baseDirectory = library.GetDeploymentDirectory(base_);
        Assert.True(BtrfsSubvolume.IsSubvolume(baseDirectory));

        var tree = Path.Combine(sysroot, "ostree", "transaction", "tree");
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])[
            Path.Combine(AppContext.BaseDirectory, "otree.dll"), "admin", "transaction", "--sysroot=" + sysroot, "--yes", "--json",
            "--bind=" + trees.DebDirectory + ":/mnt/debs", "--", "sh", "-c",
            "touch /txn-ready; while [ ! -e /txn-go ]; do sleep 0.1; done; rm -f /txn-ready /txn-go; dpkg -i /mnt/debs/fx-hello_1.0-1_all.deb"])
        {
            start.ArgumentList.Add(arg);
        }

        using var otree = Process.Start(start)!;
        using var killer = new KillOnDispose(otree);
        var stdout = otree.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = otree.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        var waited = Stopwatch.StartNew();
        while (!File.Exists(Path.Combine(tree, "txn-ready")))
        {
            if (otree.HasExited)
            {
                Assert.Fail("otree exited early: " + await stderr);
            }

            Assert.True(
                waited.Elapsed < TimeSpan.FromSeconds(120),
                $"timed out waiting for the command; tree exists: {Directory.Exists(tree)}: {string.Join(' ', Directory.Exists(tree) ? Directory.GetFileSystemEntries(tree).Select(Path.GetFileName) : [])}");
            Thread.Sleep(100);
        }

        // While the command runs: the working tree is a subvolume, a snapshot whose parent is the deployment.
        Assert.Contains("ostree/transaction/tree", Tool.Check("btrfs", "subvolume", "list", btrfs.MountPoint), StringComparison.Ordinal);
        Assert.Equal(Uuid(Tool.Check("btrfs", "subvolume", "show", baseDirectory), "UUID:"), Uuid(Tool.Check("btrfs", "subvolume", "show", tree), "Parent UUID:"));
        File.WriteAllText(Path.Combine(tree, "txn-go"), string.Empty);
        await otree.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(otree.ExitCode == 0, await stderr);

        using var json = JsonDocument.Parse(await stdout);
        Assert.Equal("btrfs snapshot", json.RootElement.GetProperty("workingTree").GetString());
        var snapshotSeconds = json.RootElement.GetProperty("preparationSeconds").GetDouble();
        library.Load();
        var created = library.Deployments[0];
        Assert.Equal(json.RootElement.GetProperty("commit").GetString(), created.Checksum);
        Assert.True(BtrfsSubvolume.IsSubvolume(library.GetDeploymentDirectory(created)));
        Assert.DoesNotContain("ostree/transaction", Tool.Check("btrfs", "subvolume", "list", btrfs.MountPoint), StringComparison.Ordinal);
        Assert.Contains("fx-hello_1.0-1_all", Otree.Check("db", "list", "--repo=" + library.RepositoryPath, created.Checksum), StringComparison.Ordinal);
        Assert.Contains(created.Checksum, Tool.Check("ostree", "admin", "status", "--sysroot=" + sysroot), StringComparison.Ordinal);

        // For the record (not asserted): the copy a non-btrfs sysroot gets, of the same deployment on the same disk.
        var copy = Stopwatch.StartNew();
        new CopyWorkingTreeBackend().CreateWorkingTree(new WorkingTreeRequest
        {
            SysrootPath = sysroot,
            RepositoryPath = library.RepositoryPath,
            Commit = base_.Checksum,
            DeploymentPath = baseDirectory,
            TargetPath = btrfs.Combine("copy"),
        }, TestContext.Current.CancellationToken);
        TestContext.Current.SendDiagnosticMessage($"working tree preparation: btrfs snapshot {snapshotSeconds:0.000} s, copy {copy.Elapsed.TotalSeconds:0.000} s");
    }

    private sealed class KillOnDispose(Process process) : IDisposable
    {
        public void Dispose()
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }

    private static string Uuid(string show, string key)
        => show.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith(key, StringComparison.Ordinal))[key.Length..].Trim();
}
