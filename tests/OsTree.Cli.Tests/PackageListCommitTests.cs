using OsTree.TestSupport;

namespace OsTree.Cli.Tests;

/// <summary>
/// <c>otree commit --add-package-list</c>: the dpkg list read from the committed tree lands in the commit metadata as
/// docs/packaging.md describes, <c>ostree</c> accepts and prints it, and <c>otree db diff</c> between two such commits
/// reads the lists rather than the trees.
/// </summary>
public sealed class PackageListCommitTests
{
    [Fact]
    public void Commit_stores_the_dpkg_list_and_db_diff_reads_it_from_the_metadata()
    {
        Requires.Tool("ostree", "dpkg-query");
        using var work = new TempDirectory();
        WriteStatus(work.Combine("a"), ("base-files", "12.4", "amd64"), ("libc6", "2.36-9", "amd64"), ("old-tool", "1:0.9-1", "all"));
        WriteStatus(work.Combine("b"), ("base-files", "12.4", "amd64"), ("libc6", "2.36-9+deb12u4", "amd64"), ("new-tool", "2.0", "all"));
        var repo = $"--repo={work.Combine("r")}";
        Otree.Check("init", repo, "--mode=archive");
        var a = Otree.Check("commit", repo, "-b", "os", "-s", "a", "--add-package-list", work.Combine("a")).Trim();
        var b = Otree.Check("commit", repo, "-b", "os", "-s", "b", "--add-package-list", work.Combine("b")).Trim();

        // ostree reads the commit and prints the stored list; dpkg-query on the same tree is the oracle for its rows.
        Tool.Check("ostree", "fsck", repo);
        Tool.Check("ostree", "show", repo, b);
        var rows = Tool.Check("dpkg-query", $"--admindir={work.Combine("b", "var/lib/dpkg")}", "-W", "-f=${Package} ${Version} ${Architecture}\\n")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' '))
            .Select(f => $"('{f[0]}', '{f[1]}', '{f[2]}')");
        Assert.Equal(
            $"[{string.Join(", ", rows)}]\n",
            Tool.Check("ostree", "show", repo, "--print-metadata-key=ostree.net.dpkg.pkglist", b));

        var fromTrees = Otree.Check("db", "diff", "--format=diff", work.Combine("a"), work.Combine("b"));
        Assert.Contains("new-tool", fromTrees, StringComparison.Ordinal);

        // Without the status file's object the trees can no longer be read, so a diff that succeeds read the lists.
        var status = Tool.Check("ostree", "ls", repo, "-C", b, "/var/lib/dpkg/status").Split(' ', StringSplitOptions.RemoveEmptyEntries)[4];
        File.Delete(work.Combine("r", "objects", status[..2], status[2..] + ".filez"));
        Assert.NotEqual(0, Otree.Run("db", "list", repo, b).ExitCode);
        var fromCommits = Otree.Check("db", "diff", repo, "--format=diff", a, b);
        Assert.Equal(4, PackageLines(fromTrees).Count());
        Assert.Equal(PackageLines(fromTrees), PackageLines(fromCommits));

        // A tree without a package database is refused in one line, not committed without its list.
        Directory.CreateDirectory(work.Combine("empty"));
        var refused = Otree.Run("commit", repo, "-b", "os", "-s", "c", "--add-package-list", work.Combine("empty"));
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Single(refused.StandardError.Trim().Split('\n'));
        Assert.Equal(b, Otree.Check("rev-parse", repo, "os").Trim());
    }

    private static IEnumerable<string> PackageLines(string diff) =>
        diff.Split('\n').Where(l => l.Length > 1 && l[0] is '+' or '-' or '!' or '=');

    private static void WriteStatus(string root, params (string Name, string Version, string Arch)[] packages)
    {
        Directory.CreateDirectory(Path.Combine(root, "var/lib/dpkg"));
        File.WriteAllText(Path.Combine(root, "etc-os"), root);
        var text = string.Concat(packages.Select(p =>
            $"Package: {p.Name}\nStatus: install ok installed\nPriority: optional\nArchitecture: {p.Arch}\nVersion: {p.Version}\nMaintainer: t <t@example.com>\nDescription: {p.Name}\n\n"));
        File.WriteAllText(Path.Combine(root, "var/lib/dpkg/status"), text);
    }
}
