using System.Text.Json;
using OsTree.TestSupport;

namespace OsTree.Cli.Tests;

/// <summary>
/// <c>otree remote</c>, <c>pull</c>, <c>pull-local</c> and <c>summary</c> against the real <c>ostree</c>, with
/// repositories served by Debian's nginx: each tool pulls what the other publishes, first in full and then an update
/// changing about 5% of the files, and both tools' fsck accept the result.
/// </summary>
public sealed class TransportVerbsTests
{
    [Fact]
    public void Remotes_added_by_either_tool_are_seen_by_the_other()
    {
        Requires.Tool("ostree");
        using var work = new TempDirectory();
        var repo = $"--repo={work.Combine("r")}";
        Otree.Check("init", repo, "--mode=bare-user");
        Otree.Check("remote", "add", repo, "--no-gpg-verify", "--set=foo=bar", "origin", "http://127.0.0.1:1/repo", "os/stable", "os/devel");
        Tool.Check("ostree", "remote", "add", repo, "--no-gpg-verify", "longer-name", "file:///srv/repo");
        Assert.Equal(Tool.Check("ostree", "remote", "list", repo, "-u"), Otree.Check("remote", "list", repo, "-u"));
        Assert.Equal(Tool.Check("ostree", "remote", "list", repo), Otree.Check("remote", "list", repo));
        Assert.Equal("http://127.0.0.1:1/repo\n", Tool.Check("ostree", "remote", "show-url", repo, "origin"));
        Assert.Equal("bar\n", Tool.Check("ostree", "config", repo, "get", "remote \"origin\".foo"));

        using (var json = JsonDocument.Parse(Otree.Check("remote", "list", repo, "--json")))
        {
            var origin = json.RootElement.EnumerateArray().Single(r => r.GetProperty("name").GetString() == "origin");
            Assert.Equal(["os/stable", "os/devel"], origin.GetProperty("branches").EnumerateArray().Select(b => b.GetString()));
            Assert.False(origin.GetProperty("gpg-verify").GetBoolean());
        }

        var again = Otree.Run("remote", "add", repo, "origin", "http://example.com/");
        Assert.NotEqual(0, again.ExitCode);
        Assert.Single(again.StandardError.Trim().Split('\n'));
        Otree.Check("remote", "add", repo, "--if-not-exists", "origin", "http://example.com/");

        Otree.Check("remote", "delete", repo, "longer-name");
        Assert.Equal("origin\n", Tool.Check("ostree", "remote", "list", repo));
        Assert.NotEqual(0, Otree.Run("remote", "delete", repo, "longer-name").ExitCode);
        Otree.Check("remote", "delete", repo, "--if-exists", "longer-name");
    }

    [Fact]
    public void Otree_pulls_what_ostree_publishes_and_both_fscks_accept_it()
    {
        Requires.Tool("ostree", "nginx", "setfattr");
        using var work = new TempDirectory();
        Requires.UserXattrs(work.Path);
        var tree = BuildTree(work.Combine("t"), 200);
        var published = work.Combine("pub");
        Tool.Check("ostree", "init", $"--repo={published}", "--mode=archive");
        Tool.Check("ostree", "commit", $"--repo={published}", "-b", "os/stable", "-s", "1", "--add-metadata-string=version=1", tree);
        Tool.Check("ostree", "summary", $"--repo={published}", "-u");
        Assert.Equal(Tool.Check("ostree", "summary", $"--repo={published}", "-v"), Otree.Check("summary", $"--repo={published}", "-v"));
        using var nginx = NginxServer.Start(published);

        var repo = $"--repo={work.Combine("c")}";
        Otree.Check("init", repo, "--mode=bare-user");
        Otree.Check("remote", "add", repo, "--no-gpg-verify", "origin", nginx.Url);
        Assert.Equal("origin:os/stable\n", Otree.Check("remote", "refs", repo, "origin"));

        // Not a terminal: no progress line, only ostree's closing summary.
        var output = Otree.Check("pull", repo, "origin", "os/stable");
        Assert.Matches(@"^\d+ metadata, 20\d content objects fetched; .+ transferred in \d+ seconds\n$", output);
        Tool.Check("ostree", "fsck", repo);
        Otree.Check("fsck", repo);
        Assert.Equal(Tool.Check("ostree", "rev-parse", $"--repo={published}", "os/stable"), Tool.Check("ostree", "rev-parse", repo, "origin:os/stable"));

        var changed = Update(tree, 10);
        Tool.Check("ostree", "commit", $"--repo={published}", "-b", "os/stable", "-s", "2", tree);
        Tool.Check("ostree", "summary", $"--repo={published}", "-u");
        nginx.ClearLog();
        Otree.Check("pull", repo, "origin", "os/stable");
        Assert.Equal(changed, nginx.Requests().Count(r => r.Path.EndsWith(".filez", StringComparison.Ordinal) && r.Status == 200));
        Tool.Check("ostree", "fsck", repo);
        Otree.Check("fsck", repo);
        Assert.Equal(Tool.Check("ostree", "rev-parse", $"--repo={published}", "os/stable"), Tool.Check("ostree", "rev-parse", repo, "origin:os/stable"));

        // --commit-metadata-only and --depth: both commits' metadata, no content, into a fresh repository.
        var meta = $"--repo={work.Combine("m")}";
        Otree.Check("init", meta, "--mode=archive");
        Otree.Check("remote", "add", meta, "--no-gpg-verify", "origin", nginx.Url);
        nginx.ClearLog();
        Otree.Check("pull", meta, "--commit-metadata-only", "--depth=1", "origin", "os/stable");
        Assert.Equal(2, nginx.Requests().Count(r => r.Path.EndsWith(".commit", StringComparison.Ordinal) && r.Status == 200));
        Assert.DoesNotContain(nginx.Requests(), r => r.Path.EndsWith(".filez", StringComparison.Ordinal));
        Assert.Equal(2, Tool.Check("ostree", "log", meta, "origin:os/stable").Split('\n').Count(l => l.StartsWith("commit ", StringComparison.Ordinal)));

        // --mirror: refs/heads and the summary, which ostree then reads.
        var mirror = $"--repo={work.Combine("mirror")}";
        Otree.Check("init", mirror, "--mode=archive");
        Otree.Check("remote", "add", mirror, "--no-gpg-verify", "origin", nginx.Url);
        Otree.Check("pull", mirror, "--mirror", "origin");
        Assert.Equal("os/stable\n", Tool.Check("ostree", "refs", mirror));
        Tool.Check("ostree", "summary", mirror, "-v");
        Tool.Check("ostree", "fsck", mirror);

        var missing = Otree.Run("pull", repo, "origin", "no/such/ref");
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Single(missing.StandardError.Trim().Split('\n'));
    }

    [Fact]
    public void Ostree_pulls_what_otree_publishes()
    {
        Requires.Tool("ostree", "nginx", "setfattr");
        using var work = new TempDirectory();
        Requires.UserXattrs(work.Path);
        var tree = BuildTree(work.Combine("t"), 200);
        var published = $"--repo={work.Combine("pub")}";
        Otree.Check("init", published, "--mode=archive");
        Otree.Check("commit", published, "-b", "os/stable", "-s", "1", tree);
        Otree.Check("summary", published, "-u");
        Assert.Equal(Tool.Check("ostree", "summary", published, "-v"), Otree.Check("summary", published, "-v"));
        using (var json = JsonDocument.Parse(Otree.Check("summary", published, "--view", "--json")))
        {
            Assert.Equal("archive-z2", json.RootElement.GetProperty("mode").GetString());
            Assert.Equal(Otree.Check("rev-parse", published, "os/stable").Trim(), json.RootElement.GetProperty("refs")[0].GetProperty("commit").GetString());
        }

        using var nginx = NginxServer.Start(work.Combine("pub"));
        var repo = $"--repo={work.Combine("c")}";
        Tool.Check("ostree", "init", repo, "--mode=bare-user");
        Tool.Check("ostree", "remote", "add", repo, "--no-gpg-verify", "origin", nginx.Url);
        Tool.Check("ostree", "pull", repo, "origin", "os/stable");
        Tool.Check("ostree", "fsck", repo);

        var changed = Update(tree, 10);
        Otree.Check("commit", published, "-b", "os/stable", "-s", "2", tree);
        Otree.Check("summary", published, "-u");
        nginx.ClearLog();
        Tool.Check("ostree", "pull", repo, "origin", "os/stable");
        Assert.Equal(changed, nginx.Requests().Count(r => r.Path.EndsWith(".filez", StringComparison.Ordinal) && r.Status == 200));
        Tool.Check("ostree", "fsck", repo);
        Assert.Equal(Otree.Check("rev-parse", published, "os/stable"), Tool.Check("ostree", "rev-parse", repo, "origin:os/stable"));
    }

    [Fact]
    public void Pull_local_copies_between_modes_and_names_refs_under_a_remote()
    {
        Requires.Tool("ostree", "setfattr");
        using var work = new TempDirectory();
        Requires.UserXattrs(work.Path);
        var tree = BuildTree(work.Combine("t"), 40);
        var source = work.Combine("src");
        Tool.Check("ostree", "init", $"--repo={source}", "--mode=bare-user");
        Tool.Check("ostree", "commit", $"--repo={source}", "-b", "a", "-s", "1", tree);
        Tool.Check("ostree", "commit", $"--repo={source}", "-b", "b", "-s", "2", tree);

        var plain = $"--repo={work.Combine("plain")}";
        Otree.Check("init", plain, "--mode=archive");
        Assert.Matches(@"content objects imported", Otree.Check("pull-local", plain, source));
        Assert.Equal(["a", "b"], Tool.Check("ostree", "refs", plain).Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
        Tool.Check("ostree", "fsck", plain);
        Assert.Equal(Tool.Check("ostree", "ls", $"--repo={source}", "-R", "-X", "a"), Tool.Check("ostree", "ls", plain, "-R", "-X", "a"));

        var named = $"--repo={work.Combine("named")}";
        Otree.Check("init", named, "--mode=bare-user");
        Otree.Check("pull-local", named, "--remote=up", source, "b");
        Assert.Equal("up:b\n", Tool.Check("ostree", "refs", named));
        Tool.Check("ostree", "fsck", named);
        Otree.Check("fsck", named);
    }

    private static string BuildTree(string root, int files)
    {
        var random = new Random(files);
        for (var i = 0; i < files; i++)
        {
            var dir = Path.Combine(root, "usr", $"d{i % 7}");
            Directory.CreateDirectory(dir);
            File.WriteAllBytes(Path.Combine(dir, $"f{i}"), RandomBytes(random, random.Next(1, 20_000)));
        }

        File.CreateSymbolicLink(Path.Combine(root, "link"), "usr/d0/f0");
        Tool.Check("setfattr", "-n", "user.k", "-v", "v", Path.Combine(root, "usr", "d1", "f1"));
        return root;
    }

    /// <summary>Rewrites <paramref name="count"/> files with new content; returns how many content objects are new.</summary>
    private static int Update(string root, int count)
    {
        var random = new Random(count);
        var files = Directory.EnumerateFiles(Path.Combine(root, "usr"), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Take(count).ToList();
        foreach (var file in files)
        {
            File.WriteAllBytes(file, RandomBytes(random, 5000));
        }

        return files.Count;
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
