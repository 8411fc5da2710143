using System.Security.Cryptography;
using OsTree.TestSupport;
using OsTree.Transport;

namespace OsTree.Core.Tests.Transport;

public sealed class HttpFetcherTests
{
    private static readonly FetchSettings Fast = new(8, 4, TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10));

    [Fact]
    public async Task Fetches_files_from_nginx_and_reports_missing_ones_as_null()
    {
        Requires.Tool("nginx");
        using var root = new TempDirectory();
        var data = RandomNumberGenerator.GetBytes(100_000);
        Directory.CreateDirectory(root.Combine("objects", "ab"));
        File.WriteAllBytes(root.Combine("objects", "ab", "cd.filez"), data);
        using var nginx = NginxServer.Start(root.Path);
        long bytes = 0;
        using var fetcher = new HttpFetcher(nginx.BaseUri, Fast, n => Interlocked.Add(ref bytes, n));

        using var body = await fetcher.TryFetchAsync("objects/ab/cd.filez", 1 << 20, null, null, TestContext.Current.CancellationToken);
        using var missing = await fetcher.TryFetchAsync("summary", 1 << 20, null, null, TestContext.Current.CancellationToken);

        Assert.NotNull(body);
        Assert.Equal(data, body.ToArray());
        Assert.Null(missing);
        Assert.Equal(data.Length, bytes);
        Assert.Equal([("GET", "/objects/ab/cd.filez", 200), ("GET", "/summary", 404)], nginx.Requests());
    }

    [Fact]
    public async Task A_body_over_the_limit_fails_without_retrying()
    {
        Requires.Tool("nginx");
        using var root = new TempDirectory();
        File.WriteAllBytes(root.Combine("big"), new byte[5000]);
        using var nginx = NginxServer.Start(root.Path);
        using var fetcher = new HttpFetcher(nginx.BaseUri, Fast);

        var e = await Assert.ThrowsAsync<PullException>(() => fetcher.TryFetchAsync("big", 4096, null, null, TestContext.Current.CancellationToken));

        Assert.Contains("more than the 4096 bytes", e.Message, StringComparison.Ordinal);
        Assert.Single(nginx.Requests());
    }

    [Fact]
    public async Task Server_errors_and_dropped_connections_are_retried_until_the_body_is_whole()
    {
        using var root = new TempDirectory();
        var data = RandomNumberGenerator.GetBytes(300_000);
        File.WriteAllBytes(root.Combine("a"), data);
        File.WriteAllBytes(root.Combine("b"), data);
        using var server = new FaultyHttpServer(root.Path, (path, n) => (path, n) switch
        {
            ("/a", < 2) => HttpFault.ServerError,
            ("/b", < 2) => HttpFault.DropMidBody,
            _ => HttpFault.None,
        });
        using var fetcher = new HttpFetcher(new Uri(server.Url), Fast);

        using var a = await fetcher.TryFetchAsync("a", 1 << 20, null, null, TestContext.Current.CancellationToken);
        using var b = await fetcher.TryFetchAsync("b", 1 << 20, null, null, TestContext.Current.CancellationToken);

        Assert.Equal(data, a!.ToArray());
        Assert.Equal(data, b!.ToArray());
        Assert.Equal(3, server.CountOf("/a"));
        Assert.Equal(3, server.CountOf("/b"));
    }

    [Fact]
    public async Task Persistent_server_errors_end_in_a_clear_error_after_the_retries()
    {
        using var root = new TempDirectory();
        File.WriteAllText(root.Combine("a"), "x");
        using var server = new FaultyHttpServer(root.Path, (_, _) => HttpFault.ServerError);
        using var fetcher = new HttpFetcher(new Uri(server.Url), Fast);

        var e = await Assert.ThrowsAsync<PullException>(() => fetcher.TryFetchAsync("a", 100, null, null, TestContext.Current.CancellationToken));

        Assert.Equal(500, e.StatusCode);
        Assert.Equal(new Uri(server.Url + "/a"), e.Uri);
        Assert.Contains("after 5 attempts", e.Message, StringComparison.Ordinal);
        Assert.Equal(5, server.CountOf("/a"));
    }

    [Fact]
    public async Task A_server_stopped_and_restarted_is_waited_for()
    {
        using var root = new TempDirectory();
        File.WriteAllText(root.Combine("a"), "hello");
        using var server = new FaultyHttpServer(root.Path, (_, _) => HttpFault.None);
        var settings = new FetchSettings(8, 8, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(400), TimeSpan.FromSeconds(10));
        using var fetcher = new HttpFetcher(new Uri(server.Url), settings);
        using (await fetcher.TryFetchAsync("a", 100, null, null, TestContext.Current.CancellationToken))
        {
        }

        server.Stop();
        var fetch = fetcher.TryFetchAsync("a", 100, null, null, TestContext.Current.CancellationToken);
        await Task.Delay(300, TestContext.Current.CancellationToken);
        server.Start();
        using var body = await fetch;

        Assert.Equal("hello"u8.ToArray(), body!.ToArray());
    }

    [Fact]
    public async Task Large_bodies_spill_to_an_unlinked_file_and_read_back_whole()
    {
        using var root = new TempDirectory();
        using var spill = new TempDirectory();
        var data = RandomNumberGenerator.GetBytes(FetchedBody.MemoryLimit + 12345);
        File.WriteAllBytes(root.Combine("big"), data);
        using var server = new FaultyHttpServer(root.Path, (_, _) => HttpFault.None);
        using var fetcher = new HttpFetcher(new Uri(server.Url), Fast);

        using (var body = await fetcher.TryFetchAsync("big", long.MaxValue, spill.Path, null, TestContext.Current.CancellationToken))
        {
            Assert.False(body!.IsInMemory);
            using var stream = body.OpenRead();
            Assert.Equal(SHA256.HashData(data), await SHA256.HashDataAsync(stream, TestContext.Current.CancellationToken));
        }

        Assert.Empty(Directory.GetFiles(spill.Path));
    }

    [Fact]
    public async Task Cancellation_stops_the_retries()
    {
        using var root = new TempDirectory();
        using var server = new FaultyHttpServer(root.Path, (_, _) => HttpFault.ServerError);
        var settings = new FetchSettings(8, 100, TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));
        using var fetcher = new HttpFetcher(new Uri(server.Url), settings);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(300);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fetcher.TryFetchAsync("a", 100, null, null, cts.Token));
    }
}
