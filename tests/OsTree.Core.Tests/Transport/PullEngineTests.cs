using OsTree.Objects;
using OsTree.TestSupport;
using OsTree.Transport;

namespace OsTree.Core.Tests.Transport;

/// <summary>
/// The pull engine against repositories written by the real ostree, served by nginx or by the fault-injecting
/// server, storing into an ostree-initialized archive repository that <c>ostree fsck</c> then checks.
/// </summary>
public sealed class PullEngineTests
{
    private static readonly FetchSettings Fast = new(8, 4, TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10));

    [Fact]
    public async Task Pulls_an_ostree_commit_from_nginx_each_object_once_and_ostree_fsck_accepts_it()
    {
        Requires.Tool("ostree", "nginx");
        using var remote = new OstreeRemoteFixture(files: 80);
        using var nginx = NginxServer.Start(remote.Repository);
        using var local = new TempDirectory();
        var repo = InitArchive(local);
        var head = Checksum.Parse(remote.Head);

        var counters = await RunAsync(new HttpFetcher(nginx.BaseUri, Fast), repo, head);

        Fsck(repo, head);
        var requests = nginx.Requests();
        var objects = requests.Where(r => r.Path.StartsWith("/objects/", StringComparison.Ordinal)).ToList();
        Assert.Equal(objects.Count, objects.Select(r => r.Path).Distinct().Count());
        Assert.Equal(ObjectCount(remote.Repository), objects.Count(r => r.Status == 200) - 0);
        Assert.Equal(404, objects.Single(r => r.Path.EndsWith(".commitmeta", StringComparison.Ordinal)).Status);
        var commitIndex = objects.FindIndex(r => r.Path.EndsWith(".commit", StringComparison.Ordinal));
        Assert.True(commitIndex <= 1, "the commit is fetched first, after its detached metadata");
        Assert.Equal(counters.MetadataFetched + counters.ContentFetched, objects.Count(r => r.Status == 200));
        Assert.False(File.Exists(Path.Combine(repo, "state", head + ".commitpartial")));
    }

    [Fact]
    public async Task An_update_fetches_only_the_objects_the_repository_lacks()
    {
        Requires.Tool("ostree", "nginx");
        using var remote = new OstreeRemoteFixture(files: 80);
        using var nginx = NginxServer.Start(remote.Repository);
        using var local = new TempDirectory();
        var repo = InitArchive(local);
        await RunAsync(new HttpFetcher(nginx.BaseUri, Fast), repo, Checksum.Parse(remote.Head));
        var changed = remote.Update();
        var head = Checksum.Parse(remote.Head);
        nginx.ClearLog();

        await RunAsync(new HttpFetcher(nginx.BaseUri, Fast), repo, head);

        Fsck(repo, head);
        var content = nginx.Requests().Where(r => r.Path.EndsWith(".filez", StringComparison.Ordinal)).ToList();
        Assert.Equal(changed, content.Count);
        Assert.All(content, r => Assert.Equal(200, r.Status));
    }

    [Fact]
    public async Task A_corrupted_object_is_never_stored_and_a_rerun_fetches_only_what_is_missing()
    {
        Requires.Tool("ostree");
        using var remote = new OstreeRemoteFixture(files: 80);
        var victim = Directory.EnumerateFiles(Path.Combine(remote.Repository, "objects"), "*.filez", SearchOption.AllDirectories)
            .Select(p => "/" + Path.GetRelativePath(remote.Repository, p)).Order(StringComparer.Ordinal).First();
        var corrupt = true;
        using var server = new FaultyHttpServer(remote.Repository, (path, _) => corrupt && path == victim ? HttpFault.Corrupt : HttpFault.None);
        using var local = new TempDirectory();
        var repo = InitArchive(local);
        var head = Checksum.Parse(remote.Head);

        var e = await Assert.ThrowsAsync<PullException>(() => RunAsync(new HttpFetcher(new Uri(server.Url), Fast), repo, head));

        Assert.Contains("orrupt", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(repo + victim));
        Assert.True(File.Exists(Path.Combine(repo, "state", head + ".commitpartial")));
        var first = server.Requests.Count(r => r.Status == 200 && r.Path != victim);

        corrupt = false;
        var before = server.Requests.Count;
        await RunAsync(new HttpFetcher(new Uri(server.Url), Fast), repo, head);

        Fsck(repo, head);
        var rerun = server.Requests.Skip(before).Where(r => r.Path.EndsWith(".filez", StringComparison.Ordinal)).Select(r => r.Path).ToList();
        Assert.Contains(victim, rerun);
        Assert.All(rerun, p => Assert.Equal(1, server.Requests.Skip(before).Count(r => r.Path == p)));
        Assert.True(first > 0);
        Assert.False(File.Exists(Path.Combine(repo, "state", head + ".commitpartial")));
    }

    [Fact]
    public async Task Dropped_connections_and_server_errors_are_retried_to_completion()
    {
        Requires.Tool("ostree");
        using var remote = new OstreeRemoteFixture(files: 80);
        using var server = new FaultyHttpServer(remote.Repository, (path, n) => n == 0 && path.GetHashCode(StringComparison.Ordinal) % 3 == 0
            ? (path.Length % 2 == 0 ? HttpFault.DropMidBody : HttpFault.ServerError)
            : HttpFault.None);
        using var local = new TempDirectory();
        var repo = InitArchive(local);
        var head = Checksum.Parse(remote.Head);

        await RunAsync(new HttpFetcher(new Uri(server.Url), Fast), repo, head);

        Fsck(repo, head);
        Assert.Contains(server.Requests, r => r.Fault == HttpFault.DropMidBody);
        Assert.Contains(server.Requests, r => r.Fault == HttpFault.ServerError);
    }

    [Fact]
    public async Task A_commit_larger_than_the_summary_declares_is_refused()
    {
        Requires.Tool("ostree");
        using var remote = new OstreeRemoteFixture(files: 10);
        var head = Checksum.Parse(remote.Head);
        var commitPath = "/" + ObjectName.GetRelativePath(head, ObjectType.Commit, OsTree.Repositories.RepositoryMode.Archive);
        using var server = new FaultyHttpServer(remote.Repository, (path, _) => path == commitPath ? HttpFault.Oversize : HttpFault.None);
        using var local = new TempDirectory();
        var repo = InitArchive(local);
        var declared = new FileInfo(remote.Repository + commitPath).Length;

        var e = await Assert.ThrowsAsync<PullException>(() => RunAsync(new HttpFetcher(new Uri(server.Url), Fast), repo, head, declared));

        Assert.Contains($"{declared} bytes allowed", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(repo + commitPath));
        Assert.Equal(1, server.CountOf(commitPath));
    }

    [Fact]
    public async Task A_file_object_that_inflates_beyond_its_declared_size_is_refused()
    {
        Requires.Tool("ostree");
        using var remote = new OstreeRemoteFixture(files: 10);
        var victim = Directory.EnumerateFiles(Path.Combine(remote.Repository, "objects"), "*.filez", SearchOption.AllDirectories)
            .First(p => new FileInfo(p).Length > 200);
        var bytes = File.ReadAllBytes(victim);
        var header = FileHeader.ParseArchiveFramed(bytes, out var size, out var headerLength);
        // The declared size is not part of the content checksum, so only the inflated length can catch this.
        File.WriteAllBytes(victim, [.. header.SerializeArchiveFramed(size - 1), .. bytes.AsSpan(headerLength)]);
        using var local = new TempDirectory();
        var repo = InitArchive(local);

        var e = await Assert.ThrowsAsync<PullException>(() => RunAsync(new DirectoryFetcher(remote.Repository), repo, Checksum.Parse(remote.Head)));

        Assert.Contains($"more than the {size - 1} bytes its header declares", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(repo, Path.GetRelativePath(remote.Repository, victim))));
    }

    [Fact]
    public async Task A_server_stopped_and_restarted_mid_pull_is_waited_for()
    {
        Requires.Tool("ostree");
        using var remote = new OstreeRemoteFixture(files: 80);
        FaultyHttpServer? server = null;
        var stopped = 0;
        server = new FaultyHttpServer(remote.Repository, (path, count) =>
        {
            if (path.EndsWith(".filez", StringComparison.Ordinal) && Interlocked.Exchange(ref stopped, 1) == 0)
            {
                _ = Task.Run(async () =>
                {
                    server!.Stop();
                    await Task.Delay(500);
                    server.Start();
                }, CancellationToken.None);
            }

            return HttpFault.None;
        });
        using var owned = server;
        using var local = new TempDirectory();
        var repo = InitArchive(local);
        var head = Checksum.Parse(remote.Head);
        var settings = new FetchSettings(8, 10, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));

        await RunAsync(new HttpFetcher(new Uri(server.Url), settings), repo, head);

        Fsck(repo, head);
        Assert.Equal(1, stopped);
    }

    private static async Task<PullCounters> RunAsync(IRemoteFetcher fetcher, string repo, Checksum head, long maxCommitSize = FetchLimits.MaxMetadataSize)
    {
        using var source = new ArchivePullSource(fetcher);
        var counters = new PullCounters();
        var engine = new PullEngine(source, new ArchiveDirectoryTarget(repo), 8, commitMetadataOnly: false, counters, null);
        await engine.RunAsync([(head, maxCommitSize)], 0, TestContext.Current.CancellationToken);
        return counters;
    }

    private static string InitArchive(TempDirectory dir)
    {
        var repo = dir.Combine("repo");
        Tool.Check("ostree", "init", "--repo=" + repo, "--mode=archive");
        Tool.Check("ostree", "config", "--repo=" + repo, "set", "core.fsync", "false");
        return repo;
    }

    private static void Fsck(string repo, Checksum head)
    {
        Tool.Check("ostree", "refs", "--repo=" + repo, "--create=pulled", head.ToString());
        Tool.Check("ostree", "fsck", "--repo=" + repo);
        Tool.Check("ostree", "refs", "--repo=" + repo, "--delete", "pulled");
    }

    private static int ObjectCount(string repo)
        => Directory.EnumerateFiles(Path.Combine(repo, "objects"), "*", SearchOption.AllDirectories).Count();
}
