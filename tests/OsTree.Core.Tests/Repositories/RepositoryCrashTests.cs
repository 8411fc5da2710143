using System.Collections.Concurrent;
using System.Diagnostics;
using OsTree.Core.Tests.Transport;
using OsTree.Objects;
using OsTree.Repositories;
using OsTree.TestSupport;
using OsTree.Transport;

namespace OsTree.Core.Tests.Repositories;

/// <summary>
/// Crash safety of the repository: a child process commits, checks out, prunes, pulls from a local repository and
/// pulls over HTTP (nginx) in a loop and is SIGKILLed at a random moment. After every kill: the library's fsck and
/// <c>ostree fsck</c> pass (a partial commit is allowed only when a pull was interrupted), every ref names a complete
/// commit, every visible checkout matches its commit, and running the interrupted operation again succeeds (and
/// completes any partial commit). <c>OSTREE_NET_REPO_CRASH_ITERATIONS</c> sets the number of kills (200 by default;
/// <c>tools/crash-harness.sh</c> runs more and sets <c>OSTREE_NET_CRASH_REPORT</c> to a file that receives
/// the counts).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class RepositoryCrashTests
{
    [Fact]
    public void Killing_commit_checkout_prune_and_pull_at_random_moments_never_corrupts_the_repository()
    {
        Requires.Root("checkouts from a bare repository keep the owners");
        Requires.Tool("ostree", "nginx");
        var iterations = int.TryParse(Environment.GetEnvironmentVariable("OSTREE_NET_REPO_CRASH_ITERATIONS"), out var n) ? n : 200;
        using var temp = new TempDirectory("ostree-net-repo-crash");
        var scene = new CrashScene(temp.Path);
        var (expected, nginx) = Prepare(scene);
        using var server = nginx;

        var random = new Random(4242);
        var interrupted = RepositoryCrashWorker.Verbs.ToDictionary(v => v, _ => 0);
        var killedWhileRunning = 0;
        for (var i = 0; i < iterations; i++)
        {
            TestContext.Current.CancellationToken.ThrowIfCancellationRequested();
            var focus = RepositoryCrashWorker.Verbs[i % RepositoryCrashWorker.Verbs.Length];
            string[]? op = null;
            using (var child = StartWorker(scene.Root, focus))
            {
                if (child.StandardOutput.ReadLine() != "started")
                {
                    child.WaitForExit();
                    Assert.Fail("worker did not start: " + child.StandardError.ReadToEnd());
                }

                // Threads, not tasks: the worker's output is read while this thread sleeps and kills it.
                var lines = new ConcurrentQueue<string>();
                var stderr = string.Empty;
                var reader = new Thread(() =>
                {
                    while (child.StandardOutput.ReadLine() is { } line)
                    {
                        lines.Enqueue(line);
                    }
                });
                var errors = new Thread(() => stderr = child.StandardError.ReadToEnd());
                reader.Start();
                errors.Start();
                Thread.Sleep(random.Next(0, 300));
                if (!child.HasExited)
                {
                    child.Kill();
                    killedWhileRunning++;
                }

                child.WaitForExit();
                reader.Join();
                errors.Join();
                if (child.ExitCode == 3)
                {
                    Assert.Fail($"kill {i}: worker failed: {stderr}");
                }

                foreach (var line in lines)
                {
                    op = line.StartsWith("op ", StringComparison.Ordinal) ? line[3..].Split(' ') : null;
                }
            }

            if (op is not null)
            {
                interrupted[op[0]]++;
            }

            Verify(scene, expected, op, i);
        }

        var summary = $"repository crash harness: {iterations} kills, {killedWhileRunning} while running, interrupted: "
            + string.Join(", ", interrupted.Select(p => $"{p.Key} {p.Value}"));
        TestContext.Current.TestOutputHelper?.WriteLine(summary);
        if (Environment.GetEnvironmentVariable("OSTREE_NET_CRASH_REPORT") is { Length: > 0 } reportPath)
        {
            File.AppendAllText(reportPath, summary + "\n");
        }

        Assert.True(killedWhileRunning >= iterations * 9 / 10, $"only {killedWhileRunning} of {iterations} kills hit a running worker");
        foreach (var (verb, count) in interrupted)
        {
            Assert.True(count >= iterations / 25, $"only {count} of {iterations} kills interrupted {verb}");
        }
    }

    /// <summary>Writes the trees, the source repository (served by nginx) and the empty bare repository.</summary>
    internal static (Dictionary<Checksum, string> Expected, NginxServer Nginx) Prepare(CrashScene scene)
    {
        scene.WriteTrees(filesPerTree: 120);
        Directory.CreateDirectory(scene.Checkouts);
        Tool.Check("ostree", "init", "--repo=" + scene.Source, "--mode=archive");
        var expected = new Dictionary<Checksum, string>();
        var source = Repository.Open(scene.Source);
        for (var t = 0; t < CrashScene.TreeCount; t++)
        {
            Tool.Check("ostree", "commit", "--repo=" + scene.Source, "-b", "os/t" + t, "-s", "tree " + t, "--tree=dir=" + scene.TreePath(t));
            expected[source.ReadCommit(source.ResolveRev("os/t" + t)).RootTree] = CrashScene.Listing(scene.TreePath(t));
        }

        Tool.Check("ostree", "summary", "-u", "--repo=" + scene.Source);
        var nginx = NginxServer.Start(scene.Source);
        var repository = Repository.Create(scene.Repository, RepositoryMode.Bare);
        repository.AddRemote(new RemoteDefinition("origin", nginx.Url));
        return (expected, nginx);
    }

    internal static Process StartWorker(string scene, string focus)
        => TestExecutableWorker.Start(typeof(RepositoryCrashWorker).Assembly, (RepositoryCrashWorker.SceneVariable, scene), (RepositoryCrashWorker.FocusVariable, focus));

    /// <summary>
    /// Checks the invariants after a kill (or, with <paramref name="powerCut"/>, on a copy of the disk: partial commits
    /// are then allowed whatever ran, and checkouts are not compared, since a checkout without fsync is not durable).
    /// </summary>
    internal static void Verify(CrashScene scene, Dictionary<Checksum, string> expected, string[]? op, int iteration, bool powerCut = false)
    {
        var where = $"kill {iteration} ({(op is null ? "between operations" : string.Join(' ', op))})";
        var repository = Repository.Open(scene.Repository);
        var report = repository.Fsck();
        Assert.True(report.IsHealthy, $"{where}: fsck: {string.Join("; ", report.Problems.Select(p => p.Message))}");
        if (!powerCut && op is not ["pull-local" or "pull-http", ..])
        {
            Assert.Empty(report.PartialCommits);
        }

        var fsck = Tool.Run("ostree", "fsck", "--repo=" + scene.Repository);
        Assert.True(fsck.ExitCode == 0, $"{where}: ostree fsck failed: {fsck.StandardError}{fsck.StandardOutput}");

        foreach (var (name, commit) in repository.ListRefs())
        {
            Assert.True(repository.TryReadCommit(commit, out _), $"{where}: {name} names a missing commit {commit}");
            Assert.DoesNotContain(commit, report.PartialCommits);
        }

        foreach (var checkout in powerCut ? [] : Directory.EnumerateDirectories(scene.Checkouts))
        {
            var name = Path.GetFileName(checkout);
            if (name.StartsWith('.'))
            {
                // A kill during an atomic checkout or during the deletion of a finished one leaves hidden debris.
                Directory.Delete(checkout, recursive: true);
                continue;
            }

            var commit = repository.ResolveRev(name.Split('-')[1]);
            Assert.True(expected[repository.ReadCommit(commit).RootTree] == CrashScene.Listing(checkout), $"{where}: {name} does not match its commit");
        }

        if (op is null)
        {
            return;
        }

        // The interrupted operation runs again and succeeds.
        if (op[0] == "checkout" && Directory.Exists(Path.Combine(scene.Checkouts, op[2])))
        {
            Directory.Delete(Path.Combine(scene.Checkouts, op[2]), recursive: true);
        }

        try
        {
            RepositoryCrashWorker.Run(scene, repository, op);
        }
        catch (Exception e)
        {
            Assert.Fail($"{where}: running it again failed: {e}");
        }

        if (!powerCut)
        {
            // After a power cut, the unlink of an older pull's marker may be lost too: harmless, fsck skips it.
            Assert.Empty(Directory.EnumerateFiles(Path.Combine(scene.Repository, "state"), "*.commitpartial"));
        }
    }
}
