using System.Text.RegularExpressions;
using OsTree.Objects;
using OsTree.Repositories;
using OsTree.TestSupport;
using OsTree.Trees;

namespace OsTree.Core.Tests.Repositories;

/// <summary>log, diff, fsck and prune, with ostree as the oracle where it has the same verb.</summary>
public sealed partial class HistoryDiffFsckPruneTests
{
    private static Checksum Commit(Repository repo, string tree, string branch, string subject)
        => repo.CommitDirectory(tree, new CommitOptions { Branch = branch, Subject = subject, Timestamp = DateTimeOffset.FromUnixTimeSeconds(1700000000) });

    private static string Tree(TempDirectory temp, string name, string script)
    {
        var t = temp.Combine(name);
        Directory.CreateDirectory(t);
        Tool.Shell(script, t).EnsureSuccess("make tree");
        return t;
    }

    private const string Base = "mkdir -p etc usr/bin gone/deep && printf a >etc/a && printf b >etc/b && printf t >usr/bin/tool && printf g >gone/deep/g && chmod 755 etc";

    [Fact]
    public void Log_follows_parents_and_stops_at_a_missing_one()
    {
        using var temp = new TempDirectory();
        var repo = Repository.Create(temp.Combine("repo"), RepositoryMode.Archive);
        var tree = Tree(temp, "t", Base);
        var c1 = Commit(repo, tree, "r", "one");
        File.WriteAllText(Path.Combine(tree, "etc/a"), "2");
        var c2 = Commit(repo, tree, "r", "two");
        File.WriteAllText(Path.Combine(tree, "etc/a"), "3");
        var c3 = Commit(repo, tree, "r", "three");
        Assert.Equal([c3, c2, c1], repo.Log(c3).Select(e => e.Checksum));
        Assert.Equal(["three", "two", "one"], repo.Log(c3).Select(e => e.Commit.Subject));

        File.Delete(repo.GetLooseObjectPath(c1, ObjectType.Commit));
        Assert.Equal([c3, c2], repo.Log(c3).Select(e => e.Checksum));
        Assert.Throws<ObjectNotFoundException>(() => repo.Log(c1).ToList());
    }

    [Fact]
    public void Diff_equals_ostree_diff()
    {
        Requires.Tool("ostree");
        using var temp = new TempDirectory();
        var repo = Repository.Create(temp.Combine("repo"), RepositoryMode.Archive);
        var tree = Tree(temp, "t", Base);
        var from = Commit(repo, tree, "r", "one");
        Tool.Shell("printf changed >etc/a && chmod 600 etc/b && rm -r gone && mkdir -p new/sub && printf n >new/sub/n && printf x >new/x && chmod 700 usr && rm usr/bin/tool && mkdir usr/bin/tool", tree).EnsureSuccess("modify");
        var to = Commit(repo, tree, "r", "two");

        var diff = repo.Diff(from, to);
        var lines = Tool.Check("ostree", "diff", $"--repo={repo.Path}", from.ToString(), to.ToString()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string[] Expect(char kind) => [.. lines.Where(l => l[0] == kind).Select(l => l[1..].Trim()).Order(StringComparer.Ordinal)];
        Assert.Equal(Expect('M'), diff.Modified.Order(StringComparer.Ordinal));
        Assert.Equal(Expect('D'), diff.Removed.Order(StringComparer.Ordinal));
        Assert.Equal(Expect('A'), diff.Added.Order(StringComparer.Ordinal));
        Assert.True(repo.Diff(to, to).IsEmpty);
    }

    [Fact]
    public void Walk_lists_every_entry_like_ostree_ls()
    {
        Requires.Tool("ostree");
        using var temp = new TempDirectory();
        var repo = Repository.Create(temp.Combine("repo"), RepositoryMode.Archive);
        var commit = Commit(repo, Tree(temp, "t", Base), "r", "one");
        var ours = new CommitFileTree(repo, commit).Walk().Select(e => e.Path).ToArray();
        var theirs = Tool.Check("ostree", "ls", $"--repo={repo.Path}", "-R", "r").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1]).ToArray();
        Assert.Equal(theirs, ours);
        Assert.Equal(["/etc", "/etc/a", "/etc/b"], new CommitFileTree(repo, commit).Walk("etc").Select(e => e.Path));
    }

    public static TheoryData<string, ObjectType> Corruptions => new()
    {
        { "archive", ObjectType.Commit },
        { "archive", ObjectType.DirTree },
        { "archive", ObjectType.DirMeta },
        { "archive", ObjectType.File },
        { "bare-user", ObjectType.File },
        { "bare-user-only", ObjectType.DirTree },
    };

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void Fsck_flags_a_flipped_byte_in_every_object_type_naming_commit_and_ref(string mode, ObjectType type)
    {
        using var temp = new TempDirectory();
        Requires.UserXattrs(temp.Path);
        Assert.True(Repository.TryParseMode(mode, out var m));
        var repo = Repository.Create(temp.Combine("repo"), m);
        var tree = Tree(temp, "t", Base);
        var commit = Commit(repo, tree, "r", "one");
        Assert.True(repo.Fsck().IsHealthy);

        var view = new CommitFileTree(repo, commit);
        var victim = type switch
        {
            ObjectType.Commit => commit,
            ObjectType.DirTree => view.Walk().First(e => e.Path == "/etc").Checksum,
            ObjectType.DirMeta => view.Walk().First(e => e.Path == "/usr/bin").MetaChecksum,
            _ => view.Walk().First(e => e.Path == "/etc/a").Checksum,
        };
        var path = repo.GetLooseObjectPath(victim, type);
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x01;
        File.WriteAllBytes(path, bytes);

        var report = repo.Fsck();
        var problem = Assert.Single(report.Problems);
        Assert.Equal(new ObjectId(victim, type), problem.Object);
        Assert.Equal([commit], problem.Commits);
        Assert.Equal(["r"], problem.Refs);

        if (Tool.Exists("ostree"))
        {
            Assert.NotEqual(0, Tool.Run("ostree", "fsck", $"--repo={repo.Path}").ExitCode);
        }

        File.Delete(path);
        var missing = Assert.Single(repo.Fsck().Problems);
        Assert.Equal(type == ObjectType.Commit ? FsckProblemKind.Missing : FsckProblemKind.Missing, missing.Kind);
    }

    [Theory]
    [InlineData("archive")]
    [InlineData("bare-user")]
    public void Fsck_accepts_a_repository_written_by_ostree(string mode)
    {
        Requires.Tool("ostree");
        using var temp = new TempDirectory();
        Requires.UserXattrs(temp.Path);
        var o = temp.Combine("o");
        Tool.Check("ostree", "init", $"--repo={o}", $"--mode={mode}");
        var tree = Tree(temp, "t", Base);
        Tool.Check("ostree", "commit", $"--repo={o}", "-b", "r", "-s", "one", tree);
        File.WriteAllText(Path.Combine(tree, "etc/a"), "2");
        Tool.Check("ostree", "commit", $"--repo={o}", "-b", "r", "-s", "two", tree);
        var report = Repository.Open(o).Fsck();
        Assert.True(report.IsHealthy, string.Join("\n", report.Problems.Select(p => p.Message)));
        Assert.Equal(2, report.CommitsChecked);
    }

    [GeneratedRegex(@"Would delete: (\d+) objects, freeing (\d+) bytes")]
    private static partial Regex WouldDelete();

    [Theory]
    [InlineData(true, -1)]
    [InlineData(true, 0)]
    [InlineData(false, -1)]
    public void Prune_removes_what_ostree_prune_removes(bool refsOnly, int depth)
    {
        Requires.Tool("ostree");
        using var temp = new TempDirectory();
        var repo = Repository.Create(temp.Combine("repo"), RepositoryMode.Archive);
        var tree = Tree(temp, "t", Base);
        Commit(repo, tree, "r", "one");
        File.WriteAllText(Path.Combine(tree, "etc/a"), "two");
        Commit(repo, tree, "r", "two");
        File.WriteAllText(Path.Combine(tree, "etc/b"), "tmp");
        Commit(repo, tree, "tmp", "dropped");
        repo.DeleteRef("tmp");

        var copy = temp.Combine("copy");
        Tool.Check("cp", "-a", repo.Path, copy);
        string[] flags = [.. refsOnly ? new[] { "--refs-only" } : [], $"--depth={depth}"];
        var dry = Tool.Check("ostree", ["prune", $"--repo={copy}", "--no-prune", .. flags]);
        var match = WouldDelete().Match(dry);
        var options = new PruneOptions { RefsOnly = refsOnly, Depth = depth, DryRun = true };
        var ours = repo.Prune(options);
        if (match.Success)
        {
            Assert.Equal(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), ours.ObjectsPruned);
        }
        else
        {
            Assert.Equal(0, ours.ObjectsPruned);
        }

        Tool.Check("ostree", ["prune", $"--repo={copy}", .. flags]);
        var done = repo.Prune(options with { DryRun = false });
        Assert.Equal(ours.ObjectsPruned, done.ObjectsPruned);
        string List(string r) => Tool.Shell("find objects -type f | sort", r).StandardOutput;
        Assert.Equal(List(copy), List(repo.Path));
        Tool.Check("ostree", "fsck", $"--repo={repo.Path}");
    }
}
