using OsTree.GVariant;
using OsTree.Objects;
using OsTree.Repositories;
using OsTree.TestSupport;
using OsTree.Trees;

namespace OsTree.Core.Tests.Repositories;

/// <summary>Recipes R1–R3 of ostree-format.md §10 with the real ostree CLI as the oracle.</summary>
public sealed class OstreeCommitInteropTests
{
    public static TheoryData<string> Modes => ["archive", "bare-user", "bare-user-only", "bare"];

    private static void RequireMode(string mode, TempDirectory temp)
    {
        Requires.Tool("ostree", "setfattr", "getfattr");
        Requires.UserXattrs(temp.Path);
        if (mode == "bare")
        {
            Requires.Root("bare repositories keep real owners");
        }
    }

    private static string OstreeCommit(string repo, string mode, string tree, params string[] extra)
    {
        Tool.Check("ostree", "init", $"--repo={repo}", $"--mode={mode}");
        return Tool.Check("ostree", ["commit", $"--repo={repo}", "-b", "r", "-s", "s", $"--timestamp=@{OstreeTree.Timestamp}", .. extra, tree]).Trim();
    }

    private static Repository OurCommit(string repo, string mode, string tree, CommitOptions options, out Checksum checksum)
    {
        Assert.True(Repository.TryParseMode(mode, out var m));
        var repository = Repository.Create(repo, m);
        checksum = repository.CommitDirectory(tree, options with { Branch = "r", Subject = "s", Timestamp = DateTimeOffset.FromUnixTimeSeconds(OstreeTree.Timestamp) });
        return repository;
    }

    private static string[] ObjectFiles(string repo)
        => [.. Directory.EnumerateFileSystemEntries(Path.Combine(repo, "objects"), "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(repo, p)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Modes))]
    public void R1_same_commit_and_same_objects_as_ostree_commit(string mode)
    {
        using var temp = new TempDirectory();
        RequireMode(mode, temp);
        var tree = OstreeTree.Make(temp);
        var o = temp.Combine("o");
        var x = temp.Combine("x");
        var expected = OstreeCommit(o, mode, tree, "--no-bindings");
        OurCommit(x, mode, tree, new CommitOptions { NoBindings = true }, out var actual);

        Assert.Equal(expected, actual.ToString());
        Assert.Equal(ObjectFiles(o), ObjectFiles(x));
        CompareObjects(o, x, mode);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void R1_large_tree_with_hard_links_and_bindings_matches_ostree(string mode)
    {
        using var temp = new TempDirectory();
        RequireMode(mode, temp);
        var tree = OstreeTree.MakeLarge(temp);
        var o = temp.Combine("o");
        var x = temp.Combine("x");
        var expected = OstreeCommit(o, mode, tree, "--add-metadata-string=zz=1", "--add-metadata-string=version=2.0", "--body=line one\nline two");
        var metadata = new GVariantDictionary()
            .With("zz", GVariantValue.FromString("1"))
            .With("version", GVariantValue.FromString("2.0"));
        OurCommit(x, mode, tree, new CommitOptions { Metadata = metadata, Body = "line one\nline two" }, out var actual);

        Assert.Equal(expected, actual.ToString());
        Assert.Equal(ObjectFiles(o), ObjectFiles(x));
        CompareObjects(o, x, mode);
    }

    private static void CompareObjects(string o, string x, string mode)
    {
        switch (mode)
        {
            case "archive":
                // Byte-identical objects, .filez included (same zlib, same level).
                Tool.Check("diff", "-r", Path.Combine(o, "objects"), Path.Combine(x, "objects"));
                break;
            case "bare-user":
                Assert.Equal(
                    Tool.Shell("cd objects && find . -type f | sort | xargs getfattr -n user.ostreemeta -e hex --absolute-names", o).StandardOutput,
                    Tool.Shell("cd objects && find . -type f | sort | xargs getfattr -n user.ostreemeta -e hex --absolute-names", x).StandardOutput);
                Assert.Equal(StatAll(o, "%a %s %Y %n", "-name '*.file'"), StatAll(x, "%a %s %Y %n", "-name '*.file'"));
                break;
            case "bare-user-only":
                Assert.Equal(StatAll(o, "%a %s %F %n", "-name '*.file'"), StatAll(x, "%a %s %F %n", "-name '*.file'"));
                break;
            default:
                Assert.Equal(StatAll(o, "%a %u %g %s %F %n", "-name '*.file'"), StatAll(x, "%a %u %g %s %F %n", "-name '*.file'"));
                Assert.Equal(
                    Tool.Shell("cd objects && find . -type f | sort | xargs getfattr -d -m- -e hex --absolute-names", o).StandardOutput,
                    Tool.Shell("cd objects && find . -type f | sort | xargs getfattr -d -m- -e hex --absolute-names", x).StandardOutput);
                break;
        }
    }

    private static string StatAll(string repo, string format, string filter = "")
        => Tool.Shell($"cd objects && find . \\( -type f -o -type l \\) {filter} | sort | xargs stat -c '{format}'", repo).EnsureSuccess("stat").StandardOutput;

    [Theory]
    [MemberData(nameof(Modes))]
    public void R2_ostree_accepts_our_repository(string mode)
    {
        using var temp = new TempDirectory();
        RequireMode(mode, temp);
        var tree = OstreeTree.Make(temp);
        var o = temp.Combine("o");
        var x = temp.Combine("x");
        OstreeCommit(o, mode, tree, "--no-bindings");
        OurCommit(x, mode, tree, new CommitOptions { NoBindings = true }, out _);

        Tool.Check("ostree", "fsck", $"--repo={x}");
        Assert.Equal(
            Tool.Check("ostree", $"--repo={o}", "ls", "-R", "-X", "r"),
            Tool.Check("ostree", $"--repo={x}", "ls", "-R", "-X", "r"));
        var co = temp.Combine("co");
        Tool.Check("ostree", $"--repo={x}", "checkout", "-U", "r", co);
        Tool.Check("diff", "-r", "--no-dereference", tree, co);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void R3_we_read_and_verify_a_repository_written_by_ostree(string mode)
    {
        using var temp = new TempDirectory();
        RequireMode(mode, temp);
        var tree = OstreeTree.MakeLarge(temp);
        var o = temp.Combine("o");
        var expected = OstreeCommit(o, mode, tree, "--add-metadata-string=version=3");

        var repository = Repository.Open(o);
        Assert.Equal(mode == "archive" ? RepositoryMode.Archive : Enum.Parse<RepositoryMode>(mode.Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true), repository.Mode);
        var commitId = repository.ResolveRev("r");
        Assert.Equal(expected, commitId.ToString());
        Assert.Equal(commitId, repository.ResolveRev(expected[..10]));
        var commit = repository.ReadCommit(commitId);
        Assert.Equal("3", commit.Version);
        Assert.Equal(["r"], commit.Metadata.First(kv => kv.Key == Commit.RefBindingKey).Value.GetStrings());

        // Every object re-hashes to its name.
        var count = 0;
        foreach (var id in repository.EnumerateObjects())
        {
            count++;
            switch (id.Type)
            {
                case ObjectType.File:
                    Assert.Equal(id.Checksum, repository.ComputeContentChecksum(id.Checksum));
                    break;
                case ObjectType.Commit or ObjectType.DirTree or ObjectType.DirMeta:
                    repository.ReadMetadataBytes(id.Checksum, id.Type);
                    break;
            }
        }

        Assert.True(count > 10);

        // Walking the tree finds every file with ostree's checksums.
        var hello = new CommitFileTree(repository, commitId);
        Assert.True(hello.TryGetEntry("a/large.bin", out var large));
        Assert.Equal(5242881, large.Size);
        using var stream = hello.OpenRead("a/large.bin");
        using var original = File.OpenRead(Path.Combine(tree, "a/large.bin"));
        Assert.Equal(Checksum.Compute(ReadAll(original)), Checksum.Compute(ReadAll(stream)));
    }

    private static byte[] ReadAll(Stream s)
    {
        using var ms = new MemoryStream();
        s.CopyTo(ms);
        return ms.ToArray();
    }

    [Fact]
    public void Content_checksums_of_files_equal_ostree_checksum()
    {
        using var temp = new TempDirectory();
        Requires.Tool("ostree", "setfattr");
        Requires.UserXattrs(temp.Path);
        var tree = OstreeTree.Make(temp);
        foreach (var file in new[] { "hello.txt", "usr/bin/tool", "link", "usr/abs", "empty", "x" })
        {
            var path = Path.Combine(tree, file);
            Assert.True(
                Tool.Check("ostree", "checksum", path).Trim() == LocalFile.ComputeChecksum(path).ToString(),
                $"{file}: ostree {Tool.Check("ostree", "checksum", path).Trim()}, ours {LocalFile.ComputeChecksum(path)}, header {Convert.ToHexStringLower(LocalFile.ReadHeader(path).Serialize())}");
        }

        Assert.Equal(
            Tool.Check("ostree", "checksum", "--ignore-xattrs", Path.Combine(tree, "x")).Trim(),
            LocalFile.ComputeChecksum(Path.Combine(tree, "x"), includeXattrs: false).ToString());
    }
}
