using System.Collections.Concurrent;
using System.Diagnostics;
using OsTree.Checkout;
using OsTree.Objects;
using OsTree.Repositories;
using OsTree.TestSupport;
using OsTree.Trees;

namespace OsTree.Core.Tests.Concurrency;

/// <summary>
/// Concurrent use of one repository, each party with its own <see cref="Repository"/> instance (and so its own
/// lock descriptor, as separate processes would have), and with the real <c>ostree</c> as a third party: writers
/// share the <c>.lock</c>, prune takes it exclusively and times out with <see cref="RepositoryLockedException"/>,
/// readers of referenced commits never notice a prune.
/// </summary>
public sealed class RepositoryConcurrencyTests
{
    [Fact]
    public void Two_writers_and_ostree_commit_into_one_repository_at_once_without_corruption()
    {
        Requires.Tool("ostree");
        using var temp = new TempDirectory("ostree-net-concurrent");
        var path = temp.Combine("repo");
        Repository.Create(path, RepositoryMode.Archive);
        for (var t = 0; t < 3; t++)
        {
            WriteTree(temp.Combine("tree" + t), t);
        }

        var errors = new ConcurrentQueue<Exception>();
        var writers = Enumerable.Range(0, 2).Select(w => new Thread(() =>
        {
            try
            {
                var repository = Repository.Open(path);
                for (var i = 0; i < 8; i++)
                {
                    repository.CommitDirectory(temp.Combine("tree" + ((w + i) % 3)), new CommitOptions { Branch = "writer/" + w, Subject = i.ToString(System.Globalization.CultureInfo.InvariantCulture) });
                }
            }
#pragma warning disable CA1031 // Collected and reported by the test thread.
            catch (Exception e)
#pragma warning restore CA1031
            {
                errors.Enqueue(e);
            }
        })).ToList();
        writers.ForEach(t => t.Start());
        for (var i = 0; i < 6; i++)
        {
            Tool.Check("ostree", "commit", "--repo=" + path, "-b", "ostree/w", "-s", "o" + i, temp.Combine("tree" + (i % 3)));
        }

        writers.ForEach(t => t.Join());
        Assert.Empty(errors);

        var reopened = Repository.Open(path);
        var report = reopened.Fsck();
        Assert.True(report.IsHealthy, string.Join("; ", report.Problems.Select(p => p.Message)));
        Tool.Check("ostree", "fsck", "--repo=" + path);
        Assert.Equal(8, reopened.Log(reopened.ResolveRev("writer/0")).Count());
        Assert.Equal(8, reopened.Log(reopened.ResolveRev("writer/1")).Count());
        Assert.Equal(6, reopened.Log(reopened.ResolveRev("ostree/w")).Count());
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(Path.Combine(path, "tmp")), e => Path.GetFileName(e).StartsWith("staging-", StringComparison.Ordinal));
    }

    [Fact]
    public void Prune_while_a_transaction_is_open_fails_with_RepositoryLockedException_after_the_timeout_and_so_does_ostree_prune()
    {
        Requires.Tool("ostree");
        using var temp = new TempDirectory("ostree-net-concurrent");
        var path = temp.Combine("repo");
        var repository = Repository.Create(path, RepositoryMode.BareUserOnly);
        var config = repository.Config;
        config.SetRawValue("core", "lock-timeout-secs", "1");
        repository.WriteConfig(config);

        using (var transaction = Repository.Open(path).BeginTransaction())
        {
            var clock = Stopwatch.StartNew();
            var e = Assert.Throws<RepositoryLockedException>(() => Repository.Open(path).Prune());
            Assert.Contains("locked", e.Message, StringComparison.Ordinal);
            Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(20));

            // libostree takes the same lock: its prune cannot get it either.
            var ostree = Tool.Run("ostree", "prune", "--repo=" + path, "--refs-only");
            Assert.NotEqual(0, ostree.ExitCode);
            Assert.Contains("lock", ostree.StandardError, StringComparison.OrdinalIgnoreCase);
        }

        // Once the writer is gone, prune runs.
        Repository.Open(path).Prune();
        Tool.Check("ostree", "prune", "--repo=" + path, "--refs-only");
    }

    [Fact]
    public void Readers_of_a_referenced_commit_never_fail_while_other_commits_are_written_and_pruned()
    {
        Requires.Tool("ostree");
        using var temp = new TempDirectory("ostree-net-concurrent");
        var path = temp.Combine("repo");
        var repository = Repository.Create(path, RepositoryMode.BareUserOnly);
        for (var t = 0; t < 3; t++)
        {
            WriteTree(temp.Combine("tree" + t), t);
        }

        var keep = repository.CommitDirectory(temp.Combine("tree0"), new CommitOptions { Branch = "keep" });
        var expected = Listing(repository, keep);
        var stop = DateTime.UtcNow + TimeSpan.FromSeconds(4);
        var errors = new ConcurrentQueue<Exception>();
        var reads = 0;
        var prunes = 0;
        var reader = new Thread(() =>
        {
            try
            {
                var r = Repository.Open(path);
                for (var i = 0; DateTime.UtcNow < stop; i++)
                {
                    var commit = r.ResolveRev("keep");
                    Assert.Equal(expected, Listing(r, commit));
                    var target = temp.Combine("co" + i);
                    r.Checkout(commit, target, new CheckoutOptions { UserMode = true }, TestContext.Current.CancellationToken);
                    Directory.Delete(target, recursive: true);
                    Interlocked.Increment(ref reads);
                }
            }
#pragma warning disable CA1031 // Collected and reported by the test thread.
            catch (Exception e)
#pragma warning restore CA1031
            {
                errors.Enqueue(e);
            }
        });
        reader.Start();
        var writer = Repository.Open(path);
        for (var i = 0; DateTime.UtcNow < stop; i++)
        {
            writer.CommitDirectory(temp.Combine("tree" + (1 + (i % 2))), new CommitOptions { Branch = "churn", Subject = "c" + i });
            if (i % 3 == 2)
            {
                writer.DeleteRef("churn");
                writer.Prune(new PruneOptions { RefsOnly = true });
                prunes++;
            }
        }

        reader.Join();
        Assert.Empty(errors);
        Assert.True(reads > 0 && prunes > 0, $"{reads} reads, {prunes} prunes");
        var report = Repository.Open(path).Fsck();
        Assert.True(report.IsHealthy, string.Join("; ", report.Problems.Select(p => p.Message)));
        Tool.Check("ostree", "fsck", "--repo=" + path);
    }

    private static void WriteTree(string root, int variant)
    {
        var random = new Random(variant);
        for (var i = 0; i < 60; i++)
        {
            var dir = Path.Combine(root, "d" + (i % 5));
            Directory.CreateDirectory(dir);
            var data = new byte[random.Next(0, 8000)];
            (i % 2 == 0 ? new Random(i) : random).NextBytes(data);
            File.WriteAllBytes(Path.Combine(dir, "f" + i), data);
        }
    }

    /// <summary>Every path of a commit with its content checksum, read through the repository.</summary>
    private static string Listing(Repository repository, Checksum commit)
    {
        var lines = new List<string>();
        var c = repository.ReadCommit(commit);
        var stack = new Stack<(string Path, Checksum Tree)>();
        stack.Push((string.Empty, c.RootTree));
        while (stack.Count > 0)
        {
            var (prefix, id) = stack.Pop();
            var tree = repository.ReadDirTree(id);
            foreach (var f in tree.Files)
            {
                Assert.Equal(f.Checksum, repository.ComputeContentChecksum(f.Checksum));
                lines.Add(prefix + "/" + f.Name + " " + f.Checksum);
            }

            foreach (var d in tree.Directories)
            {
                stack.Push((prefix + "/" + d.Name, d.TreeChecksum));
            }
        }

        lines.Sort(StringComparer.Ordinal);
        return string.Join('\n', lines);
    }
}
