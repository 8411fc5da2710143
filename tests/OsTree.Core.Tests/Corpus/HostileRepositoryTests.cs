using OsTree.Checkout;
using OsTree.Repositories;
using OsTree.TestSupport;
using OsTree.Transport;

namespace OsTree.Core.Tests.Corpus;

/// <summary>
/// The crafted repositories of <see cref="HostileRepositories"/>: each is checked out (over a prepared target, with
/// union for the symlink cases), fsck'd, logged, pulled into another repository and pruned. What must be refused is
/// refused with <see cref="InvalidDataException"/> or an <see cref="OsTreeException"/>; nothing else escapes, nothing
/// is created or changed outside the checkout target, and allocation stays bounded.
/// </summary>
public sealed class HostileRepositoryTests
{
    private const long AllocationLimit = 64L << 20;

    [Fact]
    public void Every_hostile_repository_is_refused_and_nothing_is_written_outside_the_target()
    {
        var failures = new List<string>();
        foreach (var hostile in HostileRepositories.All)
        {
            using var temp = new TempDirectory("ostree-net-hostile");
            var repository = Repository.Create(temp.Combine("repo"), RepositoryMode.Archive);
            var commit = hostile.Build(repository, temp.Combine("scratch"));
            var sandbox = temp.Combine("sandbox");
            var outside = Path.Combine(sandbox, "outside");
            var target = Path.Combine(sandbox, "target");
            Directory.CreateDirectory(outside);
            File.WriteAllText(Path.Combine(outside, "sentinel"), "untouched\n");
            hostile.PrepareTarget?.Invoke(target, outside);
            var before = Snapshot(sandbox, target);

            var union = hostile.PrepareTarget is not null;
            var options = new CheckoutOptions { OverwriteMode = union ? CheckoutOverwriteMode.UnionFiles : CheckoutOverwriteMode.None, MaxDegreeOfParallelism = 1 };
            Expect(hostile, "checkout", hostile.Refuses.HasFlag(Refusal.Checkout), failures, () => repository.Checkout(commit, target, options, TestContext.Current.CancellationToken));

            Expect(hostile, "fsck", expectFailure: false, failures, () =>
            {
                var report = repository.Fsck();
                if (report.IsHealthy == hostile.Refuses.HasFlag(Refusal.Fsck))
                {
                    failures.Add($"{hostile.Name}: fsck says healthy={report.IsHealthy}");
                }
            });

            // History walks terminate on loops: with a typed error or by stopping.
            Expect(hostile, "log", expectFailure: null, failures, () => _ = repository.Log(commit).Take(10_000).Count());

            var copy = Repository.Create(temp.Combine("copy"), RepositoryMode.BareUserOnly);
            Expect(hostile, "pull-local", hostile.Refuses.HasFlag(Refusal.Pull), failures, () =>
                copy.PullLocalAsync(repository.Path, ["hostile"], new PullOptions { Depth = -1 }, TestContext.Current.CancellationToken).GetAwaiter().GetResult());
            Expect(hostile, "fsck of the pulled copy", expectFailure: false, failures, () =>
            {
                var report = copy.Fsck();
                if (!report.IsHealthy)
                {
                    failures.Add($"{hostile.Name}: the pull stored something fsck refuses: {report.Problems[0].Message}");
                }
            });

            Expect(hostile, "prune", expectFailure: null, failures, () => repository.Prune(new PruneOptions { RefsOnly = true }));

            var after = Snapshot(sandbox, target);
            if (before != after)
            {
                failures.Add($"{hostile.Name}: something outside the target changed:\n{before}\n---\n{after}");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    /// <summary>Runs one operation; <paramref name="expectFailure"/> null means either outcome is fine if typed.</summary>
    private static void Expect(HostileRepository hostile, string operation, bool? expectFailure, List<string> failures, Action action)
    {
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            action();
            if (expectFailure == true)
            {
                failures.Add($"{hostile.Name}: {operation} accepted it");
            }
        }
        catch (Exception e) when (e is InvalidDataException or OsTreeException)
        {
            if (expectFailure == false)
            {
                failures.Add($"{hostile.Name}: {operation} failed: {e.GetType().Name}: {e.Message}");
            }
        }
#pragma warning disable CA1031 // Any other exception is the failure being reported.
        catch (Exception e)
#pragma warning restore CA1031
        {
            failures.Add($"{hostile.Name}: {operation} threw {e.GetType().Name}: {e.Message}");
        }

        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        if (allocated > AllocationLimit)
        {
            failures.Add($"{hostile.Name}: {operation} allocated {allocated} bytes");
        }
    }

    /// <summary>Everything under <paramref name="root"/> except inside <paramref name="target"/>, with sizes and link targets.</summary>
    private static string Snapshot(string root, string target)
    {
        var lines = new List<string>();
        foreach (var path in Directory.EnumerateFileSystemEntries(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            if (path == target || path.StartsWith(target + "/", StringComparison.Ordinal))
            {
                continue;
            }

            var info = new FileInfo(path);
            lines.Add($"{path} {info.LinkTarget} {(info.Exists ? info.Length : -1)} {(info.Exists ? File.ReadAllText(path) : string.Empty).Trim()}");
        }

        lines.Sort(StringComparer.Ordinal);
        return string.Join('\n', lines);
    }
}
