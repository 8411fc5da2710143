using OsTree.Objects;
using OsTree.Repositories;
using OsTree.TestSupport;
using OsTree.Transport;
using OsTree.Trees;

namespace OsTree.Core.Tests.Transport;

/// <summary>
/// Pull both ways with the real ostree, over nginx: ostree pulls what we publish, we pull what ostree publishes;
/// <c>ostree fsck</c> and our own re-hashing judge the results, nginx's access log shows what was fetched.
/// </summary>
public sealed class PullInteropTests
{
    private static readonly PullOptions Fast = new() { InitialRetryDelay = TimeSpan.FromMilliseconds(20), MaxRetryDelay = TimeSpan.FromMilliseconds(200) };

    [Theory]
    [InlineData(RepositoryMode.Archive)]
    [InlineData(RepositoryMode.BareUser)]
    public async Task We_pull_what_ostree_publishes_first_and_an_update_fetching_only_new_objects(RepositoryMode mode)
    {
        Requires.Tool("ostree", "nginx");
        using var remote = new OstreeRemoteFixture(files: 120);
        using var nginx = NginxServer.Start(remote.Repository);
        using var dir = new TempDirectory();
        var repo = CreateLocal(dir, mode);
        repo.AddRemote(new RemoteDefinition("origin", nginx.Url));
        var progress = new List<PullProgress>();

        var first = await repo.PullAsync("origin", [remote.Branch], Fast with { Progress = new SyncProgress(progress) }, TestContext.Current.CancellationToken);

        var head = Checksum.Parse(remote.Head);
        Assert.Equal(head, first.Refs[$"origin:{remote.Branch}"]);
        Assert.Equal(head, repo.ResolveRev($"origin:{remote.Branch}"));
        Assert.True(File.Exists($"{repo.Path}/refs/remotes/origin/{remote.Branch}"));
        Assert.False(File.Exists($"{repo.Path}/state/{head}.commitpartial"));
        Assert.Equal(ExpectedRequestOrder, nginx.Requests().Take(5).Select(r => (r.Path, r.Status)).Select(Normalize(head)));
        Assert.NotEmpty(progress);
        Assert.Equal(first.Statistics.ObjectsFetched, nginx.Requests().Count(r => r.Path.StartsWith("/objects/", StringComparison.Ordinal) && r.Status == 200));
        Fsck(repo);

        var changed = remote.Update();
        nginx.ClearLog();
        var second = await repo.PullAsync("origin", [remote.Branch], Fast, TestContext.Current.CancellationToken);

        var updated = Checksum.Parse(remote.Head);
        Assert.Equal(updated, second.Refs[$"origin:{remote.Branch}"]);
        Assert.Equal(changed, nginx.Requests().Count(r => r.Path.EndsWith(".filez", StringComparison.Ordinal)));
        Assert.Equal(changed, second.Statistics.ContentObjectsFetched);
        Fsck(repo);
    }

    [Fact]
    public async Task Ostree_pulls_what_we_publish_first_and_an_update()
    {
        Requires.Tool("ostree", "nginx");
        using var dir = new TempDirectory();
        using var source = new OstreeRemoteFixture(files: 120);
        var published = Repository.Create(dir.Combine("published"), RepositoryMode.Archive);
        published.CommitDirectory(source.Tree, new CommitOptions { Branch = "os/stable", Subject = "first", Version = "1" });
        published.UpdateSummary();
        using var nginx = NginxServer.Start(published.Path);
        var client = dir.Combine("client");
        Tool.Check("ostree", "init", "--repo=" + client, "--mode=bare-user");
        Tool.Check("ostree", "--repo=" + client, "remote", "add", "--no-gpg-verify", "m", nginx.Url);

        Tool.Check("ostree", "--repo=" + client, "pull", "m", "os/stable");
        Tool.Check("ostree", "--repo=" + client, "fsck");
        Assert.Contains("m:os/stable", Tool.Check("ostree", "--repo=" + client, "remote", "refs", "m"), StringComparison.Ordinal);
        Assert.Equal(published.ResolveRev("os/stable").ToString(), Tool.Check("ostree", "--repo=" + client, "rev-parse", "m:os/stable").Trim());

        var before = ContentObjects(published.Path);
        source.Update();
        var update = published.CommitDirectory(source.Tree, new CommitOptions { Branch = "os/stable", Subject = "update", Version = "2" });
        published.UpdateSummary();
        nginx.ClearLog();
        Tool.Check("ostree", "--repo=" + client, "pull", "m", "os/stable");

        Tool.Check("ostree", "--repo=" + client, "fsck");
        Assert.Equal(update.ToString(), Tool.Check("ostree", "--repo=" + client, "rev-parse", "m:os/stable").Trim());
        var fetched = nginx.Requests().Where(r => r.Path.EndsWith(".filez", StringComparison.Ordinal)).Select(r => r.Path).Order(StringComparer.Ordinal);
        Assert.Equal(ContentObjects(published.Path).Except(before).Order(StringComparer.Ordinal), fetched);
    }

    [Fact]
    public async Task Without_a_summary_the_ref_file_is_read_and_a_local_pull_copies_between_modes()
    {
        Requires.Tool("ostree", "nginx");
        using var remote = new OstreeRemoteFixture(files: 40);
        File.Delete(Path.Combine(remote.Repository, "summary"));
        using var nginx = NginxServer.Start(remote.Repository);
        using var dir = new TempDirectory();
        var archive = CreateLocal(dir, RepositoryMode.Archive, "archive");
        archive.AddRemote(new RemoteDefinition("origin", nginx.Url));

        await archive.PullAsync("origin", [remote.Branch], Fast, TestContext.Current.CancellationToken);

        var requests = nginx.Requests().Select(r => (r.Path, r.Status)).ToList();
        Assert.Equal([("/summary.sig", 404), ("/summary", 404), ("/config", 200), ($"/refs/heads/{remote.Branch}", 200)], requests.Take(4));
        var head = archive.ResolveRev("origin:" + remote.Branch);

        var bare = CreateLocal(dir, RepositoryMode.BareUser, "bare-user");
        var local = await bare.PullLocalAsync(archive.Path, ["origin:" + remote.Branch], Fast, TestContext.Current.CancellationToken);
        var back = CreateLocal(dir, RepositoryMode.Archive, "back");
        await back.PullLocalAsync(bare.Path, null, Fast, TestContext.Current.CancellationToken);

        Assert.Equal(head, local.Refs["origin:" + remote.Branch]);
        Assert.Equal(head, back.ResolveRev("origin:" + remote.Branch));
        Fsck(bare);
        Fsck(back);
        Assert.Equal(
            Tool.Check("ostree", "--repo=" + remote.Repository, "ls", "-R", "-X", head.ToString()),
            Tool.Check("ostree", "--repo=" + back.Path, "ls", "-R", "-X", head.ToString()));
    }

    [Fact]
    public async Task Mirror_pulls_every_ref_with_history_and_copies_the_summary()
    {
        Requires.Tool("ostree");
        using var remote = new OstreeRemoteFixture(files: 30);
        remote.Update();
        using var dir = new TempDirectory();
        var mirror = CreateLocal(dir, RepositoryMode.Archive);
        mirror.AddRemote(new RemoteDefinition("origin", new Uri(remote.Repository).AbsoluteUri));

        var result = await mirror.PullAsync("origin", null, Fast with { Mirror = true, Depth = -1 }, TestContext.Current.CancellationToken);

        var head = Checksum.Parse(remote.Head);
        Assert.Equal(head, result.Refs[remote.Branch]);
        Assert.Equal(head, mirror.ResolveRev(remote.Branch));
        Assert.True(mirror.HasObject(mirror.ReadCommit(head).Parent!.Value, ObjectType.Commit));
        Assert.Equal(File.ReadAllBytes(Path.Combine(remote.Repository, "summary")), File.ReadAllBytes(Path.Combine(mirror.Path, "summary")));
        Assert.Contains(remote.Branch, Tool.Check("ostree", "summary", "-v", "--repo=" + mirror.Path), StringComparison.Ordinal);
        Fsck(mirror);
    }

    [Fact]
    public async Task Depth_zero_leaves_history_and_commit_metadata_only_leaves_the_tree_partial()
    {
        Requires.Tool("ostree");
        using var remote = new OstreeRemoteFixture(files: 30);
        var old = Checksum.Parse(remote.Head);
        remote.Update();
        var head = Checksum.Parse(remote.Head);
        using var dir = new TempDirectory();
        var repo = CreateLocal(dir, RepositoryMode.Archive);
        repo.AddRemote(new RemoteDefinition("origin", new Uri(remote.Repository).AbsoluteUri, [remote.Branch]));

        await repo.PullAsync("origin", null, Fast with { CommitMetadataOnly = true, Depth = 1 }, TestContext.Current.CancellationToken);

        Assert.True(repo.HasObject(head, ObjectType.Commit));
        Assert.True(repo.HasObject(old, ObjectType.Commit));
        Assert.False(repo.HasObject(repo.ReadCommit(head).RootTree, ObjectType.DirTree));
        Assert.True(File.Exists($"{repo.Path}/state/{head}.commitpartial"));

        await repo.PullAsync("origin", null, Fast, TestContext.Current.CancellationToken);

        Assert.True(repo.HasObject(repo.ReadCommit(head).RootTree, ObjectType.DirTree));
        Assert.False(File.Exists($"{repo.Path}/state/{head}.commitpartial"));
        Fsck(repo);
    }

    [Fact]
    public void Remotes_are_shared_with_ostree_through_the_config()
    {
        Requires.Tool("ostree");
        using var dir = new TempDirectory();
        var repo = CreateLocal(dir, RepositoryMode.Archive);
        Assert.True(repo.AddRemote(new RemoteDefinition("ours", "https://example.com/repo", ["a/b", "c"])));
        Assert.False(repo.AddRemote(new RemoteDefinition("ours", "https://example.com/other"), ifNotExists: true));
        Assert.Throws<RepositoryConfigException>(() => repo.AddRemote(new RemoteDefinition("ours", "https://example.com/other")));
        Tool.Check("ostree", "--repo=" + repo.Path, "remote", "add", "theirs", "http://127.0.0.1:1/x", "--set=branches=main;");

        var listed = Tool.Check("ostree", "--repo=" + repo.Path, "remote", "list", "-u");
        var reopened = Repository.Open(repo.Path);
        var remotes = reopened.ListRemotes();

        Assert.Matches(@"(?m)^ours\s+https://example\.com/repo$", listed);
        Assert.Equal(["ours", "theirs"], remotes.Select(r => r.Name));
        Assert.Equal(["a/b", "c"], remotes[0].Branches);
        Assert.False(remotes[0].GpgVerify);
        Assert.Equal(["main"], remotes[1].Branches);
        Assert.True(remotes[1].GpgVerify);
        Assert.Equal("false", Tool.Check("ostree", "--repo=" + repo.Path, "config", "get", "remote \"ours\".gpg-verify").Trim());
        Assert.True(reopened.DeleteRemote("ours"));
        Assert.False(reopened.DeleteRemote("ours", ifExists: true));
        Assert.Throws<RepositoryConfigException>(() => reopened.DeleteRemote("ours"));
        Assert.DoesNotContain("ours", Tool.Check("ostree", "--repo=" + repo.Path, "remote", "list"), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new RemoteDefinition("../x", "http://x"));
        Assert.Throws<ArgumentException>(() => new RemoteDefinition("x", "ftp://x"));
    }

    [Fact]
    public async Task A_remote_that_requires_signatures_or_a_full_disk_stops_the_pull_with_a_clear_error()
    {
        Requires.Tool("ostree");
        using var remote = new OstreeRemoteFixture(files: 10);
        using var dir = new TempDirectory();
        var repo = CreateLocal(dir, RepositoryMode.Archive);
        var url = new Uri(remote.Repository).AbsoluteUri;
        repo.AddRemote(new RemoteDefinition("signed", url, gpgVerify: true));
        repo.AddRemote(new RemoteDefinition("origin", url));

        var gpg = await Assert.ThrowsAsync<PullException>(() => repo.PullAsync("signed", [remote.Branch], Fast, TestContext.Current.CancellationToken));
        Assert.Contains("gpg-verify", gpg.Message, StringComparison.Ordinal);

        var config = repo.Config;
        config.SetRawValue("core", "min-free-space-size", "100000000MB");
        repo.WriteConfig(config);
        var full = await Assert.ThrowsAsync<PullException>(() => repo.PullAsync("origin", [remote.Branch], Fast, TestContext.Current.CancellationToken));
        Assert.Contains("min-free-space-size '100000000MB' would be exceeded", full.Message, StringComparison.Ordinal);
        Assert.Empty(repo.ListRefs());

        var missing = await Assert.ThrowsAsync<PullException>(() => repo.PullAsync("origin", ["no/such/ref"], Fast, TestContext.Current.CancellationToken));
        Assert.Contains("No such branch 'no/such/ref'", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fault_a_corrupted_object_is_never_stored_and_a_rerun_fetches_only_what_is_missing()
    {
        Requires.Tool("ostree");
        using var remote = new OstreeRemoteFixture(files: 60);
        var victims = Directory.EnumerateFiles(Path.Combine(remote.Repository, "objects"), "*.filez", SearchOption.AllDirectories)
            .Select(p => "/" + Path.GetRelativePath(remote.Repository, p)).Order(StringComparer.Ordinal).Take(3).ToHashSet();
        var corrupt = true;
        using var server = new FaultyHttpServer(remote.Repository, (path, _) => corrupt && victims.Contains(path) ? HttpFault.Corrupt : HttpFault.None);
        using var dir = new TempDirectory();
        var repo = CreateLocal(dir, RepositoryMode.BareUser);
        repo.AddRemote(new RemoteDefinition("origin", server.Url));
        var head = Checksum.Parse(remote.Head);

        var e = await Assert.ThrowsAsync<PullException>(() => repo.PullAsync("origin", [remote.Branch], Fast, TestContext.Current.CancellationToken));

        // A flipped byte shows as a wrong checksum, a broken deflate stream or a wrong length, naming the object.
        Assert.Matches("(Corrupted content object|Content object [0-9a-f]{64} (is malformed|inflates))", e.Message);
        Assert.Contains(victims, v => e.Message.Contains(v.Replace("/objects/", string.Empty, StringComparison.Ordinal).Replace("/", string.Empty, StringComparison.Ordinal)[..64], StringComparison.Ordinal));
        Assert.Empty(repo.ListRefs());
        Assert.True(File.Exists($"{repo.Path}/state/{head}.commitpartial"));
        Assert.All(victims, v => Assert.False(repo.HasObject(Checksum.Parse(v.Replace("/objects/", string.Empty, StringComparison.Ordinal).Replace("/", string.Empty, StringComparison.Ordinal).AsSpan(0, 64)), ObjectType.File)));
        // The corrupted objects were written into unnamed files as they arrived: nothing of them is left anywhere.
        Assert.Empty(LeftInTmp(repo));
        var stored = repo.EnumerateObjects().Count();
        Assert.True(stored > 1, "verified objects fetched before the failure are kept");

        corrupt = false;
        var before = server.Requests.Count;
        var rerun = await repo.PullAsync("origin", [remote.Branch], Fast, TestContext.Current.CancellationToken);

        Assert.Equal(head, rerun.Refs["origin:" + remote.Branch]);
        var fetched = server.Requests.Skip(before).Where(r => r.Path.StartsWith("/objects/", StringComparison.Ordinal) && r.Status == 200).ToList();
        Assert.Equal(repo.EnumerateObjects().Count() - stored, fetched.Count);
        Assert.Equal(fetched.Count, fetched.Select(r => r.Path).Distinct().Count());
        Assert.False(File.Exists($"{repo.Path}/state/{head}.commitpartial"));
        Fsck(repo);
    }

    [Theory]
    [InlineData(RepositoryMode.Archive)]
    [InlineData(RepositoryMode.BareUser)]
    public async Task Fault_drops_500s_and_a_restart_mid_pull_complete_on_retry(RepositoryMode mode)
    {
        Requires.Tool("ostree");
        using var remote = new OstreeRemoteFixture(files: 60);
        FaultyHttpServer? server = null;
        var restarted = 0;
        server = new FaultyHttpServer(remote.Repository, (path, count) =>
        {
            if (count > 0 || !path.EndsWith(".filez", StringComparison.Ordinal))
            {
                return HttpFault.None;
            }

            if (Interlocked.Exchange(ref restarted, 1) == 0)
            {
                _ = Task.Run(
                    async () =>
                    {
                        server!.Stop();
                        await Task.Delay(400);
                        server.Start();
                    },
                    CancellationToken.None);
            }

            return (path[^7] % 3) switch
            {
                0 => HttpFault.DropMidBody,
                1 => HttpFault.ServerError,
                _ => HttpFault.None,
            };
        });
        using var owned = server;
        using var dir = new TempDirectory();
        var repo = CreateLocal(dir, mode);
        repo.AddRemote(new RemoteDefinition("origin", server.Url));

        await repo.PullAsync("origin", [remote.Branch], Fast with { NetworkRetries = 10, MaxRetryDelay = TimeSpan.FromSeconds(1) }, TestContext.Current.CancellationToken);

        Assert.Equal(Checksum.Parse(remote.Head), repo.ResolveRev("origin:" + remote.Branch));
        Assert.Contains(server.Requests, r => r.Fault == HttpFault.DropMidBody);
        Assert.Contains(server.Requests, r => r.Fault == HttpFault.ServerError);
        Assert.Empty(LeftInTmp(repo));
        Fsck(repo);
    }

    [Fact]
    public async Task Fault_a_commit_larger_than_the_summary_declares_is_refused()
    {
        Requires.Tool("ostree");
        using var remote = new OstreeRemoteFixture(files: 10);
        var head = Checksum.Parse(remote.Head);
        var commitPath = "/" + ObjectName.GetRelativePath(head, ObjectType.Commit, RepositoryMode.Archive);
        using var server = new FaultyHttpServer(remote.Repository, (path, _) => path == commitPath ? HttpFault.Oversize : HttpFault.None);
        using var dir = new TempDirectory();
        var repo = CreateLocal(dir, RepositoryMode.Archive);
        repo.AddRemote(new RemoteDefinition("origin", server.Url));
        var declared = new FileInfo(remote.Repository + commitPath).Length;

        var e = await Assert.ThrowsAsync<PullException>(() => repo.PullAsync("origin", [remote.Branch], Fast, TestContext.Current.CancellationToken));

        Assert.Contains($"{declared} bytes allowed", e.Message, StringComparison.Ordinal);
        Assert.False(repo.HasObject(head, ObjectType.Commit));
        Assert.Equal(1, server.CountOf(commitPath));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Fault_a_file_object_that_inflates_beyond_its_declared_size_is_refused(bool overHttp)
    {
        Requires.Tool("ostree");
        using var remote = new OstreeRemoteFixture(files: 10);
        var victim = Directory.EnumerateFiles(Path.Combine(remote.Repository, "objects"), "*.filez", SearchOption.AllDirectories)
            .First(p => new FileInfo(p).Length > 200);
        var bytes = File.ReadAllBytes(victim);
        var header = FileHeader.ParseArchiveFramed(bytes, out var size, out var headerLength);
        // The declared size is not part of the content checksum, so only the inflated length can catch this.
        File.WriteAllBytes(victim, [.. header.SerializeArchiveFramed(size - 1), .. bytes.AsSpan(headerLength)]);
        using var server = overHttp ? new FaultyHttpServer(remote.Repository, (_, _) => HttpFault.None) : null;
        using var dir = new TempDirectory();
        var repo = CreateLocal(dir, RepositoryMode.BareUser);
        repo.AddRemote(new RemoteDefinition("origin", server?.Url ?? new Uri(remote.Repository).AbsoluteUri));

        var e = await Assert.ThrowsAsync<PullException>(() => repo.PullAsync("origin", [remote.Branch], Fast, TestContext.Current.CancellationToken));

        Assert.Contains($"more than the {size - 1} bytes its header declares", e.Message, StringComparison.Ordinal);
        Assert.False(repo.HasObject(Checksum.Parse(Path.GetFileName(Path.GetDirectoryName(victim)) + Path.GetFileNameWithoutExtension(victim)), ObjectType.File));
        Assert.Empty(LeftInTmp(repo));
    }

    [Fact]
    public async Task Fault_a_file_object_with_more_bytes_than_its_data_can_take_is_refused_without_retrying()
    {
        Requires.Tool("ostree");
        using var remote = new OstreeRemoteFixture(files: 10);
        var victim = Directory.EnumerateFiles(Path.Combine(remote.Repository, "objects"), "*.filez", SearchOption.AllDirectories)
            .Select(p => "/" + Path.GetRelativePath(remote.Repository, p)).Order(StringComparer.Ordinal)
            .First(p => FileHeader.ParseArchiveFramed(File.ReadAllBytes(remote.Repository + p), out var size, out _).IsRegularFile && size is > 0 and < 2048);
        // 4 KiB after the deflate stream of a small file: more than its declared size can ever compress to.
        using var server = new FaultyHttpServer(remote.Repository, (path, _) => path == victim ? HttpFault.Oversize : HttpFault.None);
        using var dir = new TempDirectory();
        var repo = CreateLocal(dir, RepositoryMode.BareUser);
        repo.AddRemote(new RemoteDefinition("origin", server.Url));

        var e = await Assert.ThrowsAsync<PullException>(() => repo.PullAsync("origin", [remote.Branch], Fast, TestContext.Current.CancellationToken));

        Assert.Contains("bytes allowed for it", e.Message, StringComparison.Ordinal);
        Assert.Contains(victim, e.Message, StringComparison.Ordinal);
        Assert.Equal(1, server.CountOf(victim));
        Assert.False(repo.HasObject(Checksum.Parse(victim.Replace("/objects/", string.Empty, StringComparison.Ordinal).Replace("/", string.Empty, StringComparison.Ordinal).AsSpan(0, 64)), ObjectType.File));
        Assert.Empty(LeftInTmp(repo));
    }

    private static readonly (string, int)[] ExpectedRequestOrder =
        [("/summary.sig", 404), ("/summary", 200), ("/config", 200), ("COMMITMETA", 404), ("COMMIT", 200)];

    private static Func<(string Path, int Status), (string, int)> Normalize(Checksum head)
    {
        var commit = "/" + ObjectName.GetRelativePath(head, ObjectType.Commit, RepositoryMode.Archive);
        return r => r.Path == commit ? ("COMMIT", r.Status) : r.Path == commit + "meta" ? ("COMMITMETA", r.Status) : r;
    }

    private static HashSet<string> ContentObjects(string repo)
        => Directory.EnumerateFiles(Path.Combine(repo, "objects"), "*.filez", SearchOption.AllDirectories)
            .Select(p => "/" + Path.GetRelativePath(repo, p)).ToHashSet(StringComparer.Ordinal);

    /// <summary>What a pull left in the repository's tmp/ besides libostree's cache directory.</summary>
    private static List<string> LeftInTmp(Repository repo)
        => [.. Directory.EnumerateFileSystemEntries(repo.Path + "/tmp", "*", SearchOption.AllDirectories).Where(e => !e.StartsWith(repo.Path + "/tmp/cache", StringComparison.Ordinal))];

    private static Repository CreateLocal(TempDirectory dir, RepositoryMode mode, string name = "local")
    {
        var repo = Repository.Create(dir.Combine(name), mode);
        var config = repo.Config;
        // This disk syncs slowly and the tests do not crash the machine: skip fsync as a test-only speed-up.
        config.SetRawValue("core", "fsync", "false");
        repo.WriteConfig(config);
        return Repository.Open(repo.Path);
    }

    /// <summary><c>ostree fsck</c>, then our own check: every object re-hashed to its name.</summary>
    private static void Fsck(Repository repo)
    {
        Tool.Check("ostree", "fsck", "--repo=" + repo.Path);
        var count = 0;
        foreach (var id in repo.EnumerateObjects())
        {
            if (id.Type == ObjectType.File)
            {
                Assert.Equal(id.Checksum, repo.ComputeContentChecksum(id.Checksum));
            }
            else if (id.Type is ObjectType.DirTree or ObjectType.DirMeta or ObjectType.Commit)
            {
                Assert.Equal(id.Checksum, Checksum.Compute(repo.ReadMetadataBytes(id.Checksum, id.Type)));
            }

            count++;
        }

        Assert.True(count > 3);
    }

    private sealed class SyncProgress(List<PullProgress> into) : IProgress<PullProgress>
    {
        public void Report(PullProgress value)
        {
            lock (into)
            {
                into.Add(value);
            }
        }
    }
}
