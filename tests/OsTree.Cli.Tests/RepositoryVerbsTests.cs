using System.Text.Json;
using OsTree.TestSupport;

namespace OsTree.Cli.Tests;

/// <summary>
/// The repository verbs against the real <c>ostree</c>: same commit ids, and each reads what the other wrote, in the
/// same output format wherever ostree has one.
/// </summary>
public sealed class RepositoryVerbsTests
{
    public static TheoryData<string> Modes => new() { "archive", "bare-user", "bare-user-only" };

    [Theory]
    [MemberData(nameof(Modes))]
    public void Commit_gives_ostrees_commit_id_and_ostree_accepts_the_repository(string mode)
    {
        Requires.Tool("ostree", "setfattr");
        using var work = new TempDirectory();
        Requires.UserXattrs(work.Path);
        var tree = SampleTree.Create(work);
        Tool.Check("ostree", "init", $"--repo={work.Combine("o")}", $"--mode={mode}");
        var expected = Tool.Check("ostree", "commit", $"--repo={work.Combine("o")}", "-b", "r", "--no-bindings", "-s", "s", "--timestamp=@1577836800", tree).Trim();

        Otree.Check("init", $"--repo={work.Combine("x")}", $"--mode={mode}");
        var actual = Otree.Check("commit", $"--repo={work.Combine("x")}", "-b", "r", "--no-bindings", "-s", "s", "--timestamp=@1577836800", tree).Trim();

        Assert.Equal(expected, actual);
        Tool.Check("ostree", "fsck", $"--repo={work.Combine("x")}");
        Assert.Equal(
            Tool.Check("ostree", "ls", $"--repo={work.Combine("o")}", "-R", "-X", "r"),
            Tool.Check("ostree", "ls", $"--repo={work.Combine("x")}", "-R", "-X", "r"));
    }

    [Fact]
    public void Show_log_ls_cat_and_rev_parse_print_what_ostree_prints()
    {
        Requires.Tool("ostree", "setfattr");
        using var work = new TempDirectory();
        Requires.UserXattrs(work.Path);
        var tree = SampleTree.Create(work);
        var repo = $"--repo={work.Combine("o")}";
        Tool.Check("ostree", "init", repo, "--mode=bare-user");
        Tool.Check("ostree", "commit", repo, "-b", "main", "-s", "first", "-m", "body line 1\nbody line 2", "--add-metadata-string=version=1.2", "--timestamp=@1577836800", tree);
        File.WriteAllText(Path.Combine(tree, "hello.txt"), "changed\n");
        Tool.Check("ostree", "commit", repo, "-b", "main", "-s", "second", "--timestamp=@1577923200", tree);

        Assert.Equal(Tool.Check("ostree", "show", repo, "main^"), Otree.Check("show", repo, "main^"));
        Assert.Equal(Tool.Check("ostree", "log", repo, "main"), Otree.Check("log", repo, "main"));
        Assert.Equal(Tool.Check("ostree", "ls", repo, "-R", "-X", "main"), Otree.Check("ls", repo, "-R", "-X", "main"));
        Assert.Equal(Tool.Check("ostree", "ls", repo, "-C", "main", "/usr"), Otree.Check("ls", repo, "-C", "main", "/usr"));
        Assert.Equal(Tool.Check("ostree", "ls", repo, "-d", "main", "/usr", "/hello.txt"), Otree.Check("ls", repo, "-d", "main", "/usr", "/hello.txt"));
        Assert.Equal("changed\n", Otree.Check("cat", repo, "main", "/hello.txt"));
        Assert.Equal(Tool.Check("ostree", "rev-parse", repo, "main^"), Otree.Check("rev-parse", repo, "main^"));
        Assert.Equal(Tool.Check("ostree", "refs", repo), Otree.Check("refs", repo));
    }

    [Fact]
    public void Checksum_equals_ostree_checksum_for_files_symlinks_xattrs_and_setuid()
    {
        Requires.Tool("ostree", "setfattr");
        using var work = new TempDirectory();
        Requires.UserXattrs(work.Path);
        var tree = SampleTree.Create(work);
        foreach (var file in new[] { "hello.txt", "link", "x", "empty", "usr/bin/tool", "usr/abs" })
        {
            var path = Path.Combine(tree, file);
            Assert.Equal(Tool.Check("ostree", "checksum", path), Otree.Check("checksum", path));
        }
    }

    [Fact]
    public void Json_output_is_json_with_the_same_facts()
    {
        Requires.Tool("ostree", "setfattr");
        using var work = new TempDirectory();
        Requires.UserXattrs(work.Path);
        var tree = SampleTree.Create(work);
        var repo = $"--repo={work.Combine("x")}";
        Otree.Check("init", repo, "--mode=archive");
        var commit = Otree.Check("commit", repo, "-b", "os/stable", "-s", "subject", "--add-metadata-string=version=7", tree).Trim();

        using var refs = JsonDocument.Parse(Otree.Check("refs", repo, "--json"));
        Assert.Equal(commit, refs.RootElement.GetProperty("os/stable").GetString());

        using var show = JsonDocument.Parse(Otree.Check("show", repo, "--json", "os/stable"));
        Assert.Equal(commit, show.RootElement.GetProperty("checksum").GetString());
        Assert.Equal("subject", show.RootElement.GetProperty("subject").GetString());

        using var ls = JsonDocument.Parse(Otree.Check("ls", repo, "--json", "-R", "os/stable"));
        var paths = ls.RootElement.EnumerateArray().Select(e => e.GetProperty("path").GetString()).ToHashSet();
        Assert.Contains("/usr/bin/tool", paths);
        var tool = ls.RootElement.EnumerateArray().Single(e => e.GetProperty("path").GetString() == "/usr/bin/tool");
        Assert.Equal(Convert.ToInt32("4755", 8), tool.GetProperty("mode").GetInt32());
    }

    [Theory]
    [InlineData("refs", "--repo=/nonexistent/repo")]
    [InlineData("show", "--repo=REPO", "no-such-ref")]
    [InlineData("init", "--repo=REPO2", "--mode=zip")]
    [InlineData("commit", "--repo=REPO", "-b", "x", "/nonexistent/tree")]
    [InlineData("cat", "--repo=REPO", "main", "/no/such/file")]
    public void User_mistakes_give_one_line_on_stderr_and_a_non_zero_exit(params string[] args)
    {
        using var work = new TempDirectory();
        var repo = work.Combine("repo");
        Otree.Check("init", $"--repo={repo}", "--mode=archive");
        Directory.CreateDirectory(work.Combine("t"));
        Otree.Check("commit", $"--repo={repo}", "-b", "main", work.Combine("t"));

        var result = Otree.Run(args.Select(a => a.Replace("REPO2", work.Combine("repo2"), StringComparison.Ordinal).Replace("REPO", repo, StringComparison.Ordinal)).ToArray());

        Assert.NotEqual(0, result.ExitCode);
        var lines = result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("otree: ", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal);
    }
}
