using OsTree.TestSupport;

namespace OsTree.Cli.Tests;

/// <summary>
/// The opt-in LZ4 archive (<c>otree init --mode=archive --compression=lz4</c>): libostree refuses the repository
/// cleanly, while commit ids, trees, fsck, checkout and local pulls in and out behave as with deflate.
/// </summary>
public sealed class Lz4ArchiveTests
{
    [Fact]
    public void Lz4_repository_is_refused_by_ostree_and_round_trips_through_otree()
    {
        Requires.Tool("ostree", "setfattr");
        using var work = new TempDirectory();
        Requires.UserXattrs(work.Path);
        var tree = SampleTree.Create(work);
        // Several chunks: compressible text and incompressible random bytes (stored chunks), plus a partial last chunk.
        File.WriteAllText(Path.Combine(tree, "text"), string.Concat(Enumerable.Range(0, 40_000).Select(i => $"line {i}\n")));
        var random = new byte[300_001];
        new Random(4).NextBytes(random);
        File.WriteAllBytes(Path.Combine(tree, "random"), random);

        var lz4 = $"--repo={work.Combine("lz4")}";
        Otree.Check("init", lz4, "--mode=archive", "--compression=lz4");
        Assert.Contains("mode=archive-lz4", File.ReadAllText(work.Combine("lz4", "config")), StringComparison.Ordinal);
        var commit = Otree.Check("commit", lz4, "-b", "main", "-s", "s", "--timestamp=@1577836800", tree).Trim();

        // libostree refuses it with a clear message instead of misreading the objects.
        foreach (var verb in new[] { "fsck", "refs", "log main" })
        {
            var refused = Tool.Run("ostree", [.. verb.Split(' '), lz4]);
            Assert.NotEqual(0, refused.ExitCode);
            Assert.Contains("Invalid mode 'archive-lz4'", refused.StandardError, StringComparison.Ordinal);
        }

        // Same commit id and tree as ostree's own archive of the same directory.
        var deflate = $"--repo={work.Combine("deflate")}";
        Tool.Check("ostree", "init", deflate, "--mode=archive");
        Assert.Equal(Tool.Check("ostree", "commit", deflate, "-b", "main", "-s", "s", "--timestamp=@1577836800", tree).Trim(), commit);
        Assert.Equal(Tool.Check("ostree", "ls", deflate, "-R", "-X", "main"), Otree.Check("ls", lz4, "-R", "-X", "main"));
        Assert.Contains("no errors found", Otree.Check("fsck", lz4), StringComparison.Ordinal);
        Assert.Equal(random, File.ReadAllBytes(Path.Combine(Checkout(lz4, work.Combine("co")), "random")));
        Assert.Equal(File.ReadAllText(Path.Combine(tree, "text")), Otree.Check("cat", lz4, "main", "/text"));
        var lz4Size = Directory.EnumerateFiles(work.Combine("lz4", "objects"), "*.filez", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        Assert.True(lz4Size < 300_001 + 40_000 * 10, $"{lz4Size} bytes of LZ4 objects: the text did not compress");

        // Local pulls out of and into LZ4 repositories, checked by ostree where it can read the result.
        var bareUser = $"--repo={work.Combine("bu")}";
        Tool.Check("ostree", "init", bareUser, "--mode=bare-user");
        Otree.Check("pull-local", bareUser, work.Combine("lz4"), "main");
        Tool.Check("ostree", "fsck", bareUser);
        Assert.Equal(Tool.Check("ostree", "ls", deflate, "-R", "-X", "main"), Tool.Check("ostree", "ls", bareUser, "-R", "-X", "main"));
        var lz4b = $"--repo={work.Combine("lz4b")}";
        Otree.Check("init", lz4b, "--mode=archive", "--compression=lz4");
        Otree.Check("pull-local", lz4b, work.Combine("deflate"), "main");
        Otree.Check("fsck", lz4b);
        Assert.Equal(
            File.ReadAllBytes(Directory.EnumerateFiles(work.Combine("lz4"), "*.filez", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal).Last()),
            File.ReadAllBytes(Directory.EnumerateFiles(work.Combine("lz4b"), "*.filez", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal).Last()));

        // A flipped byte in an LZ4 object is caught by fsck.
        var victim = Directory.EnumerateFiles(work.Combine("lz4b", "objects"), "*.filez", SearchOption.AllDirectories).MaxBy(f => new FileInfo(f).Length)!;
        var bytes = File.ReadAllBytes(victim);
        bytes[bytes.Length / 2] ^= 0x20;
        File.Delete(victim);
        File.WriteAllBytes(victim, bytes);
        var fsck = Otree.Run("fsck", lz4b);
        Assert.Equal(1, fsck.ExitCode);
        Assert.Contains(commit, fsck.StandardOutput, StringComparison.Ordinal);

        var misuse = Otree.Run("init", $"--repo={work.Combine("x")}", "--mode=bare-user", "--compression=lz4");
        Assert.NotEqual(0, misuse.ExitCode);
        Assert.Single(misuse.StandardError.Trim().Split('\n'));
    }

    [Fact]
    public void Http_pull_from_an_lz4_repository_into_every_kind_of_target()
    {
        Requires.Tool("ostree", "nginx", "setfattr");
        using var work = new TempDirectory();
        Requires.UserXattrs(work.Path);
        var tree = SampleTree.Create(work);
        File.WriteAllText(Path.Combine(tree, "text"), string.Concat(Enumerable.Range(0, 30_000).Select(i => $"line {i}\n")));
        var published = $"--repo={work.Combine("pub")}";
        Otree.Check("init", published, "--mode=archive", "--compression=lz4");
        var commit = Otree.Check("commit", published, "-b", "main", "-s", "s", tree).Trim();
        Otree.Check("summary", published, "-u");
        Assert.Contains("Repository Mode (ostree.summary.mode): archive-lz4", Otree.Check("summary", published, "-v"), StringComparison.Ordinal);
        using var nginx = NginxServer.Start(work.Combine("pub"));

        // Into an LZ4 archive the verified objects are kept as received; into the others they are decoded and
        // stored in the target's own format, which ostree then checks.
        foreach (var (name, init) in new[] { ("lz4", new[] { "--mode=archive", "--compression=lz4" }), ("deflate", ["--mode=archive"]), ("bu", ["--mode=bare-user"]) })
        {
            var repo = $"--repo={work.Combine(name)}";
            Otree.Check(["init", repo, .. init]);
            Otree.Check("remote", "add", repo, "--no-gpg-verify", "origin", nginx.Url);
            Otree.Check("pull", repo, "origin", "main");
            Assert.Equal(commit, Otree.Check("rev-parse", repo, "origin:main").Trim());
            Otree.Check("fsck", repo);
            if (name != "lz4")
            {
                Tool.Check("ostree", "fsck", repo);
            }
        }

        static IEnumerable<byte[]> Objects(string repo) => Directory.EnumerateFiles(Path.Combine(repo, "objects"), "*.filez", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal).Select(File.ReadAllBytes);
        Assert.Equal(Objects(work.Combine("pub")), Objects(work.Combine("lz4")));

        // ostree cannot pull it: it refuses the remote's mode instead of misreading the objects.
        var theirs = $"--repo={work.Combine("theirs")}";
        Tool.Check("ostree", "init", theirs, "--mode=bare-user");
        Tool.Check("ostree", "remote", "add", theirs, "--no-gpg-verify", "origin", nginx.Url);
        var refused = Tool.Run("ostree", "pull", theirs, "origin", "main");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("archive-lz4", refused.StandardError, StringComparison.Ordinal);
    }

    private static string Checkout(string repo, string destination)
    {
        Otree.Check("checkout", repo, "-U", "main", destination);
        return destination;
    }
}
