using System.Text.Json;
using OsTree.TestSupport;

namespace OsTree.Cli.Tests;

/// <summary>
/// <c>otree diff</c>, <c>fsck</c> and <c>prune</c> against the real <c>ostree</c>: the same output where ostree has a
/// format, the same objects left after pruning, and corruption ostree also sees reported with its commit and ref.
/// </summary>
public sealed class MaintenanceVerbsTests
{
    [Fact]
    public void Diff_prints_what_ostree_diff_prints()
    {
        Requires.Tool("ostree");
        using var work = new TempDirectory();
        var repo = $"--repo={work.Combine("r")}";
        Tool.Check("ostree", "init", repo, "--mode=archive");
        Tool.Shell("""
            mkdir -p t/a/b t/a/c t/k && echo 1 >t/f && echo 2 >t/a/g && echo 3 >t/a/b/h && echo 4 >t/a/c/i && echo 5 >t/k/file && ln -s f t/s
            """, work.Path).EnsureSuccess("tree");
        Tool.Check("ostree", "commit", repo, "-b", "m", "-s", "1", work.Combine("t"));
        Tool.Shell("""
            echo x >t/f && rm t/a/g && rm -r t/a/b && chmod 700 t/a && mkdir -p t/n/o && echo 5 >t/n/q && echo 6 >t/n/o/p
            echo y >t/a/c/i && rm -r t/k && echo now-a-file >t/k && rm t/s && ln -s a t/s && echo z >t/zz
            """, work.Path).EnsureSuccess("change");
        Tool.Check("ostree", "commit", repo, "-b", "m", "-s", "2", work.Combine("t"));

        var expected = Tool.Check("ostree", "diff", repo, "m^", "m");
        Assert.Contains("D    /a/b", expected, StringComparison.Ordinal);
        Assert.Equal(expected, Otree.Check("diff", repo, "m^", "m"));
        Assert.Equal(string.Empty, Otree.Check("diff", repo, "m", "m"));

        using var json = JsonDocument.Parse(Otree.Check("diff", repo, "--json", "m^", "m"));
        Assert.Equal(["/n", "/n/o", "/n/o/p", "/n/q", "/zz"], json.RootElement.GetProperty("added").EnumerateArray().Select(e => e.GetString()!).Order(StringComparer.Ordinal));
        Assert.Contains("/a/g", json.RootElement.GetProperty("removed").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("/k", json.RootElement.GetProperty("modified").EnumerateArray().Select(e => e.GetString()));

        var bad = Otree.Run("diff", repo, "m", "nosuchref");
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Single(bad.StandardError.Trim().Split('\n'));
    }

    [Theory]
    [InlineData("archive", ".filez")]
    [InlineData("bare-user", ".file")]
    [InlineData("archive", ".dirtree")]
    [InlineData("bare-user", ".dirtree")]
    [InlineData("archive", ".dirmeta")]
    public void Fsck_accepts_a_good_repository_and_names_the_commit_and_ref_of_a_flipped_byte(string mode, string suffix)
    {
        Requires.Tool("ostree", "setfattr");
        using var work = new TempDirectory();
        Requires.UserXattrs(work.Path);
        var tree = SampleTree.Create(work);
        var repo = $"--repo={work.Combine("r")}";
        Otree.Check("init", repo, $"--mode={mode}");
        var first = Otree.Check("commit", repo, "-b", "one", "-s", "1", tree).Trim();
        File.WriteAllText(Path.Combine(tree, "second.txt"), "only in the second commit\n");
        Tool.Check("install", "-d", "-m", "0751", Path.Combine(tree, "second"));
        var second = Otree.Check("commit", repo, "-b", "two", "--orphan", "-s", "2", tree).Trim();
        Otree.Check("refs", repo, "--create=also-two", "two");

        Assert.Contains("completed successfully - no errors found", Otree.Check("fsck", repo), StringComparison.Ordinal);
        Tool.Check("ostree", "fsck", repo);

        // A non-empty object used by the second commit only, so the report must name exactly that commit and its refs.
        var firstObjects = ObjectsOf(work.Combine("r"), first);
        var victim = Directory.EnumerateFiles(work.Combine("r", "objects"), "*" + suffix, SearchOption.AllDirectories)
            .Where(f => f.EndsWith(suffix, StringComparison.Ordinal) && !firstObjects.Contains(Path.GetFileName(f)) && new FileInfo(f).Length > 0)
            .OrderByDescending(f => new FileInfo(f).Length)
            .First();
        FlipMiddleByte(victim);

        var text = Otree.Run("fsck", repo);
        Assert.Equal(1, text.ExitCode);
        Assert.Contains(second, text.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("refs: also-two, two", text.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(first, text.StandardOutput, StringComparison.Ordinal);
        Assert.Single(text.StandardError.Trim().Split('\n'));
        Assert.NotEqual(0, Tool.Run("ostree", "fsck", repo).ExitCode);

        var json = Otree.Run("fsck", repo, "--json");
        Assert.Equal(1, json.ExitCode);
        using var doc = JsonDocument.Parse(json.StandardOutput);
        Assert.False(doc.RootElement.GetProperty("healthy").GetBoolean());
        var problem = Assert.Single(doc.RootElement.GetProperty("problems").EnumerateArray());
        Assert.Equal(Path.GetFileName(Path.GetDirectoryName(victim)) + Path.GetFileName(victim).Replace(".filez", ".file", StringComparison.Ordinal), problem.GetProperty("object").GetString());
        Assert.Equal([second], problem.GetProperty("commits").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["also-two", "two"], problem.GetProperty("refs").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void Fsck_reports_a_missing_object_and_accepts_what_ostree_wrote()
    {
        Requires.Tool("ostree", "setfattr");
        using var work = new TempDirectory();
        Requires.UserXattrs(work.Path);
        var tree = SampleTree.Create(work);
        var repo = $"--repo={work.Combine("r")}";
        Tool.Check("ostree", "init", repo, "--mode=bare-user");
        var commit = Tool.Check("ostree", "commit", repo, "-b", "main", "-s", "1", tree).Trim();
        Otree.Check("fsck", repo);

        var file = Directory.EnumerateFiles(work.Combine("r", "objects"), "*.file", SearchOption.AllDirectories).First();
        File.Delete(file);
        var result = Otree.Run("fsck", repo, "--json");
        Assert.Equal(1, result.ExitCode);
        using var doc = JsonDocument.Parse(result.StandardOutput);
        var problem = Assert.Single(doc.RootElement.GetProperty("problems").EnumerateArray());
        Assert.Equal("missing", problem.GetProperty("kind").GetString());
        Assert.Equal([commit], problem.GetProperty("commits").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["main"], problem.GetProperty("refs").EnumerateArray().Select(e => e.GetString()));
    }

    [Theory]
    [InlineData("--refs-only", "--depth=0")]
    [InlineData("--depth=1")]
    [InlineData("--refs-only")]
    public void Prune_reports_and_deletes_what_ostree_prune_does(params string[] flags)
    {
        Requires.Tool("ostree");
        using var work = new TempDirectory();
        var o = work.Combine("o");
        Tool.Check("ostree", "init", $"--repo={o}", "--mode=archive");
        Tool.Shell("mkdir -p t/d && echo 1 >t/f && head -c 5000 /dev/urandom >t/d/big", work.Path).EnsureSuccess("tree");
        for (var i = 0; i < 4; i++)
        {
            Tool.Shell($"echo {i} >t/f && head -c 3000 /dev/urandom >t/d/r{i}", work.Path).EnsureSuccess("change");
            Tool.Check("ostree", "commit", $"--repo={o}", "-b", "main", "-s", $"{i}", work.Combine("t"));
        }

        // An orphan commit: only the default (not --refs-only) prune keeps it.
        Tool.Shell("echo orphan >t/f", work.Path).EnsureSuccess("orphan");
        Tool.Check("ostree", "commit", $"--repo={o}", "--orphan", "-s", "orphan", work.Combine("t"));
        var x = work.Combine("x");
        Tool.Check("cp", "-a", o, x);

        string[] dry = [.. flags, "--no-prune"];
        Assert.Equal(Tool.Check("ostree", ["prune", $"--repo={o}", .. dry]), Otree.Check(["prune", $"--repo={x}", .. dry]));
        Assert.Equal(ListObjects(o), ListObjects(x));

        Assert.Equal(Tool.Check("ostree", ["prune", $"--repo={o}", .. flags]), Otree.Check(["prune", $"--repo={x}", .. flags]));
        Assert.Equal(ListObjects(o), ListObjects(x));
        Tool.Check("ostree", "fsck", $"--repo={x}");

        using var doc = JsonDocument.Parse(Otree.Check(["prune", $"--repo={x}", "--json", .. dry]));
        Assert.Equal(0, doc.RootElement.GetProperty("objects-pruned").GetInt32());
        Assert.Equal(ListObjects(x).Count, doc.RootElement.GetProperty("objects-total").GetInt32());
        Assert.Equal("No unreachable objects\n", Otree.Check(["prune", $"--repo={x}", .. flags]).Split('\n', 2)[1]);
    }

    private static List<string> ListObjects(string repo) =>
        [.. Directory.EnumerateFiles(Path.Combine(repo, "objects"), "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(repo, f)).Order(StringComparer.Ordinal)];

    /// <summary>The object file names (without the two-character directory) of one commit's tree, per ostree ls.</summary>
    private static HashSet<string> ObjectsOf(string repo, string commit)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in Tool.Check("ostree", "ls", $"--repo={repo}", "-R", "-C", commit).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var field in line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (field.Length == 64 && field.All(char.IsAsciiHexDigitLower))
                {
                    foreach (var ext in new[] { ".file", ".filez", ".dirtree", ".dirmeta" })
                    {
                        names.Add(field[2..] + ext);
                    }
                }
            }
        }

        return names;
    }

    // Not the last byte: in a deflate stream its high bits may be padding that nothing reads.
    private static void FlipMiddleByte(string path)
    {
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x01;
        File.SetAttributes(path, FileAttributes.Normal);
        File.Delete(path);
        File.WriteAllBytes(path, bytes);
    }
}
