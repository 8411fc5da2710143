using System.Diagnostics;
using OsTree.Repositories;
using OsTree.TestSupport;
using OsTree.Transport;

namespace OsTree.Core.Tests.Corpus;

/// <summary>
/// <c>tests/corpus/http</c>: a pull of a valid archive remote (made by <c>ostree</c>, no summary) where one kind of
/// request gets a malicious answer. Every pull fails with <see cref="PullException"/> within a minute, the hostile
/// answer was really served, allocation stays bounded (coarsely: the process's total allocation, other tests included),
/// and the repository still passes fsck with nothing written outside it.
/// </summary>
public sealed class HttpCorpusTests
{
    private const long AllocationLimit = 1L << 30;

    [Fact]
    public async Task Every_malicious_http_response_fails_the_pull_with_PullException()
    {
        Requires.Tool("ostree");
        using var temp = new TempDirectory("ostree-net-http-corpus");
        var remote = temp.Combine("remote");
        var tree = temp.Combine("tree");
        Directory.CreateDirectory(Path.Combine(tree, "usr", "d"));
        File.WriteAllText(Path.Combine(tree, "usr", "d", "file"), "content\n");
        File.CreateSymbolicLink(Path.Combine(tree, "usr", "link"), "d/file");
        Tool.Check("ostree", "init", "--repo=" + remote, "--mode=archive");
        Tool.Check("ostree", "commit", "--repo=" + remote, "-b", "os/main", "-s", "s", "--tree=dir=" + tree);

        var failures = new List<string>();
        foreach (var entry in TestSupport.Corpus.Files("http"))
        {
            var name = Path.GetFileNameWithoutExtension(entry);
            var local = temp.Combine("local-" + name);
            var repository = Repository.Create(local, RepositoryMode.BareUserOnly);
            using var server = new RawResponseServer(remote, entry);
            repository.AddRemote(new RemoteDefinition("hostile", server.Url));
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            timeout.CancelAfter(TimeSpan.FromMinutes(1));
            var options = new PullOptions { NetworkRetries = 1, InitialRetryDelay = TimeSpan.FromMilliseconds(10), IdleTimeout = TimeSpan.FromSeconds(10) };
            var allocated = GC.GetTotalAllocatedBytes(precise: false);
            var clock = Stopwatch.StartNew();
            try
            {
                await repository.PullAsync("hostile", ["os/main"], options, timeout.Token);
                failures.Add($"{name}: accepted");
            }
            catch (PullException)
            {
            }
#pragma warning disable CA1031 // Any other exception is the failure being reported.
            catch (Exception e)
#pragma warning restore CA1031
            {
                failures.Add($"{name}: {e.GetType().Name} after {clock.Elapsed.TotalSeconds:0.0} s: {e}");
            }

            allocated = GC.GetTotalAllocatedBytes(precise: false) - allocated;
            if (allocated > AllocationLimit)
            {
                failures.Add($"{name}: {allocated} bytes allocated");
            }

            if (server.HostileResponses == 0)
            {
                failures.Add($"{name}: the pull never asked for what the entry answers");
            }

            if (!repository.Fsck().IsHealthy)
            {
                failures.Add($"{name}: the repository no longer passes fsck");
            }
        }

        var unexpected = Directory.EnumerateFileSystemEntries(temp.Path).Select(Path.GetFileName)
            .Where(n => n is not ("remote" or "tree") && !n!.StartsWith("local-", StringComparison.Ordinal)).ToArray();
        Assert.Empty(unexpected);
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }
}
