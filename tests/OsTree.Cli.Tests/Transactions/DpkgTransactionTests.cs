using System.Diagnostics;
using System.Text.Json;
using OsTree.TestSupport;

namespace OsTree.Cli.Tests.Transactions;

/// <summary>
/// <c>otree admin transaction</c> on a Debian minbase sysroot deployed by the real ostree: dpkg -i in the new image,
/// the previous deployment untouched, a failing command and a killed transaction leaving everything as it was.
/// </summary>
public sealed class DpkgTransactionTests(TransactionTrees trees) : IClassFixture<TransactionTrees>
{
    private const string Os = "debian";

    [Fact]
    public void Dpkg_install_makes_a_new_deployment_with_the_package_and_leaves_the_previous_one_untouched()
    {
        trees.Require();
        using var work = new TempDirectory("ostree-net-txn-dpkg");
        var sysroot = TransactionTrees.CreateSysroot(work.Path, trees.DebianRepository, Os);
        var repo = "--repo=" + Path.Combine(sysroot, "ostree", "repo");
        var previous = SysrootState.DeploymentDirectory(sysroot, 0);
        var baseCommit = Tool.Check("ostree", "rev-parse", repo, Os + "/stable").Trim();

        // A local configuration change, which the three-way merge must carry into the new deployment.
        File.WriteAllText(Path.Combine(previous, "etc", "local.conf"), "admin=yes\n");
        var previousBefore = SysrootState.Tree(previous);

        var output = Otree.Check(
            "admin", "transaction", "--sysroot=" + sysroot, "--yes", "--json", "--bind=" + trees.DebDirectory + ":/mnt/debs",
            "--", "dpkg", "-i", "/mnt/debs/fx-hello_1.0-1_all.deb");

        using var json = JsonDocument.Parse(output);
        var result = json.RootElement;
        Assert.True(result.GetProperty("applied").GetBoolean());
        Assert.Equal("copy", result.GetProperty("workingTree").GetString());
        var added = result.GetProperty("packages").GetProperty("changes").EnumerateArray()
            .Where(c => c.GetProperty("change").GetString() == "added").Select(c => c.GetProperty("name").GetString()).ToList();
        Assert.Equal(["fx-hello"], added);
        Assert.True(result.GetProperty("space").GetProperty("newObjects").GetInt64() > 0);
        var newCommit = result.GetProperty("commit").GetString()!;

        // The real ostree sees two deployments, the new one first, and the ref on the new commit whose parent is the base.
        var status = Tool.Check("ostree", "admin", "status", "--sysroot=" + sysroot);
        Assert.Contains(newCommit + ".0", status, StringComparison.Ordinal);
        Assert.Contains(baseCommit + ".0", status, StringComparison.Ordinal);
        Assert.True(status.IndexOf(newCommit, StringComparison.Ordinal) < status.IndexOf(baseCommit, StringComparison.Ordinal));
        Assert.Equal(newCommit, Tool.Check("ostree", "rev-parse", repo, Os + "/stable").Trim());
        Assert.Equal(baseCommit, Tool.Check("ostree", "rev-parse", repo, newCommit + "^").Trim());
        Tool.Check("ostree", "fsck", repo);

        // The package list in the commit metadata, and dpkg's own view of the new deployment.
        var listed = Otree.Check("db", "list", repo, newCommit);
        Assert.Contains("fx-hello_1.0-1_all", listed, StringComparison.Ordinal);
        Assert.DoesNotContain("fx-hello", Otree.Check("db", "list", repo, baseCommit), StringComparison.Ordinal);
        var deployed = SysrootState.DeploymentDirectory(sysroot, 0);
        Assert.Equal("fx-hello 1.0-1 ii ", Tool.Check("dpkg-query", "--admindir=" + Path.Combine(deployed, "var", "lib", "dpkg"), "-W", "-f=${Package} ${Version} ${db:Status-Abbrev}", "fx-hello"));

        // /etc: the package's conffile is pristine in usr/etc, the local change is merged into etc and not committed.
        Assert.Equal("greeting=hello\n", File.ReadAllText(Path.Combine(deployed, "usr", "etc", "fx-hello.conf")));
        Assert.Equal("greeting=hello\n", File.ReadAllText(Path.Combine(deployed, "etc", "fx-hello.conf")));
        Assert.Equal("admin=yes\n", File.ReadAllText(Path.Combine(deployed, "etc", "local.conf")));
        Assert.False(File.Exists(Path.Combine(deployed, "usr", "etc", "local.conf")));

        // The previous deployment is byte for byte (and inode for inode) what it was; nothing was left mounted.
        Assert.Equal(previousBefore, SysrootState.Tree(previous));
        Assert.False(Directory.Exists(Path.Combine(sysroot, "ostree", "transaction")));
        Assert.DoesNotContain(File.ReadAllLines("/proc/self/mountinfo"), l => l.Contains(sysroot, StringComparison.Ordinal));
    }

    [Fact]
    public void A_failing_command_and_a_dry_run_leave_deployments_boot_configuration_and_repository_as_they_were()
    {
        trees.Require();
        using var work = new TempDirectory("ostree-net-txn-fail");
        var sysroot = TransactionTrees.CreateSysroot(work.Path, trees.DebianRepository, Os);
        var before = SysrootState.Capture(sysroot);
        var deployment = SysrootState.Tree(SysrootState.DeploymentDirectory(sysroot, 0));

        var failed = Otree.Run("admin", "transaction", "--sysroot=" + sysroot, "--yes", "--", "sh", "-c", "echo junk > /usr/share/junk; exit 3");
        Assert.NotEqual(0, failed.ExitCode);
        var error = failed.StandardError.Trim().Split('\n').Last();
        Assert.StartsWith("otree: error:", error, StringComparison.Ordinal);
        Assert.Contains("exit status 3", error, StringComparison.Ordinal);
        Assert.Equal(before, SysrootState.Capture(sysroot));
        Assert.Equal(deployment, SysrootState.Tree(SysrootState.DeploymentDirectory(sysroot, 0)));
        Assert.False(Directory.Exists(Path.Combine(sysroot, "ostree", "transaction")));

        // The dry run goes through apt-get (a local .deb, no network), whose caches stay out of the image (tmpfs).
        var dryRun = Otree.Check(
            "admin", "transaction", "--sysroot=" + sysroot, "--dry-run", "--bind=" + trees.DebDirectory + ":/mnt/debs",
            "--", "apt-get", "install", "-y", "/mnt/debs/fx-hello_1.0-1_all.deb");
        Assert.Contains("fx-hello_1.0-1_all", dryRun, StringComparison.Ordinal);
        Assert.Matches(@"Space: \d+ new objects, \d+(\.\d)? KiB needed", dryRun);
        Assert.Contains("Restarts:", dryRun, StringComparison.Ordinal);
        Assert.Contains("Dry run", dryRun, StringComparison.Ordinal);
        Assert.Equal(before, SysrootState.Capture(sysroot));
        Assert.False(Directory.Exists(Path.Combine(sysroot, "ostree", "transaction")));
    }

    [Fact]
    public void A_killed_transaction_leaves_the_system_as_it_was_and_the_next_run_cleans_up()
    {
        trees.Require();
        using var work = new TempDirectory("ostree-net-txn-kill");
        var sysroot = TransactionTrees.CreateSysroot(work.Path, trees.DebianRepository, Os);
        var repo = "--repo=" + Path.Combine(sysroot, "ostree", "repo");
        var before = SysrootState.Capture(sysroot);
        var beforeWithoutObjects = SysrootState.Capture(sysroot, includeObjects: false);
        var tree = Path.Combine(sysroot, "ostree", "transaction", "tree");

        // Killed while the command runs: the command (and its children, in the PID namespace) die with otree, the
        // namespace's mounts with them; only the working tree is left.
        using (var otree = StartOtree("admin", "transaction", "--sysroot=" + sysroot, "--yes", "--", "sh", "-c", "touch /txn-ready; sleep 300 & wait"))
        {
            WaitFor(() => File.Exists(Path.Combine(tree, "txn-ready")), otree);
            Assert.DoesNotContain(File.ReadAllLines("/proc/self/mountinfo"), l => l.Contains(tree, StringComparison.Ordinal));
            Assert.NotEmpty(ProcessesRootedIn(tree));

            // A second transaction is refused at once, whatever the runtime's file-sharing emulation (otree turns it off).
            var second = Otree.Run("admin", "transaction", "--sysroot=" + sysroot, "--yes", "--", "true");
            Assert.NotEqual(0, second.ExitCode);
            Assert.Contains("Another transaction is running", second.StandardError, StringComparison.Ordinal);
            Assert.False(otree.HasExited);
            otree.Kill();
            otree.WaitForExit();
        }

        WaitFor(() => ProcessesRootedIn(tree).Count == 0, null);
        Assert.True(Directory.Exists(tree));
        Assert.Equal(before, SysrootState.Capture(sysroot));

        // Killed the moment its deploy creates the new deployment directory (what a kill there leaves behind is
        // the next run's to delete), then at a random moment of a real transaction: afterwards the system is either
        // as it was, or the transaction completed (new deployment first, the ref on its commit); never anything in
        // between.
        var deployments = Directory.GetDirectories(Path.Combine(sysroot, "ostree", "deploy"))[0] + "/deploy";
        var deployed = Directory.GetDirectories(deployments).Length;
        KillTransactionAndCheck(() => Directory.GetDirectories(deployments).Length > deployed, "when its deployment directory appeared");
        var delay = Random.Shared.Next(500, 12_000);
        var clock = Stopwatch.StartNew();
        KillTransactionAndCheck(() => clock.ElapsedMilliseconds >= delay, $"after {delay} ms");

        void KillTransactionAndCheck(Func<bool> killNow, string when)
        {
            using (var otree = StartOtree("admin", "transaction", "--sysroot=" + sysroot, "--yes", "--bind=" + trees.DebDirectory + ":/mnt/debs", "--", "dpkg", "-i", "/mnt/debs/fx-hello_1.0-1_all.deb"))
            {
                var timeout = Stopwatch.StartNew();
                while (!otree.HasExited && !killNow() && timeout.Elapsed < TimeSpan.FromSeconds(120))
                {
                    Thread.Sleep(1);
                }

                if (!otree.HasExited)
                {
                    otree.Kill();
                    otree.WaitForExit();
                }
            }

            WaitFor(() => ProcessesRootedIn(tree).Count == 0, null);
            var after = Otree.Run("admin", "transaction", "--sysroot=" + sysroot, "--dry-run", "--", "true");
            Assert.True(after.ExitCode == 0, $"the next run failed (killed {when}): {after.StandardError}");
            Assert.False(Directory.Exists(Path.Combine(sysroot, "ostree", "transaction")));
            var afterWithoutObjects = SysrootState.Capture(sysroot, includeObjects: false);
            if (afterWithoutObjects != beforeWithoutObjects)
            {
                var changes = $"killed {when}; what changed:\n{StateDiff(beforeWithoutObjects, afterWithoutObjects)}";
                var head = Tool.Check("ostree", "rev-parse", repo, Os + "/stable").Trim();
                Assert.True(SysrootState.DeploymentDirectory(sysroot, 0).Contains(head + ".0", StringComparison.Ordinal), changes);
                Assert.True(Otree.Check("db", "list", repo, head).Contains("fx-hello", StringComparison.Ordinal), changes);
                beforeWithoutObjects = afterWithoutObjects; // the transaction completed: the next kill starts from it
            }
        }

        Tool.Check("ostree", "admin", "status", "--sysroot=" + sysroot);
        Tool.Check("ostree", "fsck", repo);
    }

    private static string StateDiff(string before, string after)
    {
        var old = before.Split('\n').ToHashSet(StringComparer.Ordinal);
        var now = after.Split('\n').ToHashSet(StringComparer.Ordinal);
        return string.Join('\n', old.Except(now).Select(l => "- " + l).Concat(now.Except(old).Select(l => "+ " + l)));
    }

    private static Process StartOtree(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "otree.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void WaitFor(Func<bool> condition, Process? alive)
    {
        var stopwatch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(alive is null || !alive.HasExited, "otree exited before the condition held");
            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(120), "timed out");
            Thread.Sleep(100);
        }
    }

    /// <summary>The processes whose root directory is <paramref name="tree"/> (the command and its children).</summary>
    private static List<int> ProcessesRootedIn(string tree)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                if (new DirectoryInfo(Path.Combine(dir, "root")).LinkTarget == tree)
                {
                    found.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile.
            }
        }

        return found;
    }
}
