using OsTree.Objects;
using OsTree.Repositories;
using OsTree.TestSupport;
using OsTree.Trees;

namespace OsTree.Core.Tests.Repositories;

public sealed class RepositoryTests
{
    private static Repository NewRepo(TempDirectory temp, RepositoryMode mode = RepositoryMode.Archive)
        => Repository.Create(temp.Combine("repo"), mode);

    private static string SmallTree(TempDirectory temp, string content = "hello\n")
    {
        var t = temp.Combine("tree-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(Path.Combine(t, "sub"));
        File.WriteAllText(Path.Combine(t, "sub", "file.txt"), content);
        File.WriteAllText(Path.Combine(t, "empty"), string.Empty);
        return t;
    }

    [Fact]
    public void Create_lays_out_the_repository_like_ostree_init()
    {
        using var temp = new TempDirectory();
        var repo = NewRepo(temp);
        foreach (var dir in new[] { "objects", "refs/heads", "refs/remotes", "refs/mirrors", "tmp/cache", "state", "extensions" })
        {
            Assert.True(Directory.Exists(Path.Combine(repo.Path, dir)), dir);
        }

        Assert.True(File.Exists(Path.Combine(repo.Path, ".lock")));
        Assert.Equal("[core]\nrepo_version=1\nmode=archive-z2\n", File.ReadAllText(Path.Combine(repo.Path, "config")));
        Assert.Equal(RepositoryMode.Archive, Repository.Open(repo.Path).Mode);
        Assert.Null(Record.Exception(() => Repository.Create(repo.Path, RepositoryMode.Archive)));
        Assert.Throws<RepositoryConfigException>(() => Repository.Create(repo.Path, RepositoryMode.Bare));
    }

    [Theory]
    [InlineData("[core]\nrepo_version=1\nmode=weird\n", "unknown mode")]
    [InlineData("[core]\nrepo_version=2\nmode=bare\n", "repo_version")]
    [InlineData("[core]\nrepo_version=1\narchive=true\n", "archive=true")]
    [InlineData("[other]\nx=1\n", "[core]")]
    [InlineData("garbage line\n", "line 1")]
    [InlineData("[core]\nrepo_version=1\nmode=archive-z2\n[archive]\nzlib-level=12\n", "zlib-level")]
    public void Open_refuses_bad_configs_with_a_typed_error(string config, string message)
    {
        using var temp = new TempDirectory();
        var repo = NewRepo(temp);
        File.WriteAllText(Path.Combine(repo.Path, "config"), config);
        var e = Assert.Throws<RepositoryConfigException>(() => Repository.Open(repo.Path));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_refuses_what_is_not_a_repository()
    {
        using var temp = new TempDirectory();
        Assert.Throws<RepositoryConfigException>(() => Repository.Open(temp.Path));
    }

    [Fact]
    public void Config_keeps_unknown_groups_and_keys()
    {
        using var temp = new TempDirectory();
        var repo = NewRepo(temp);
        var config = repo.Config;
        config.SetString("remote \"origin\"", "url", "https://example.com/repo");
        config.SetRawValue("core", "x-unknown", "kept");
        repo.WriteConfig(config);
        var reopened = Repository.Open(repo.Path);
        Assert.Equal("https://example.com/repo", reopened.Config.GetString("remote \"origin\"", "url"));
        Assert.Equal("kept", reopened.Config.GetString("core", "x-unknown"));
        if (Tool.Exists("ostree"))
        {
            Assert.Contains("origin", Tool.Check("ostree", "remote", "list", $"--repo={repo.Path}"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Refs_are_written_listed_resolved_and_deleted()
    {
        using var temp = new TempDirectory();
        var repo = NewRepo(temp);
        var first = repo.CommitDirectory(SmallTree(temp, "1"), new CommitOptions { Branch = "os/x86_64/stable", Subject = "one" });
        var second = repo.CommitDirectory(SmallTree(temp, "2"), new CommitOptions { Branch = "os/x86_64/stable", Subject = "two" });
        Assert.Equal(first, repo.ReadCommit(second).Parent);
        Assert.Equal(second.ToString() + "\n", File.ReadAllText(Path.Combine(repo.Path, "refs/heads/os/x86_64/stable")));

        repo.WriteRef("origin:os/x86_64/stable", first);
        repo.WriteMirrorRef(new CollectionRef("org.example.Os", "os/x86_64/stable"), first);
        Assert.Equal(new Dictionary<string, Checksum> { ["os/x86_64/stable"] = second, ["origin:os/x86_64/stable"] = first }, repo.ListRefs());
        Assert.Equal(first, repo.ListMirrorRefs()[new CollectionRef("org.example.Os", "os/x86_64/stable")]);

        Assert.Equal(second, repo.ResolveRev("os/x86_64/stable"));
        Assert.Equal(first, repo.ResolveRev("os/x86_64/stable^"));
        Assert.Equal(first, repo.ResolveRev("origin:os/x86_64/stable"));
        Assert.Equal(first, repo.ResolveRev("origin/os/x86_64/stable"));
        Assert.Equal(first, repo.ResolveRev(second.ToString()[..12] + "^"));
        Assert.Equal(second, repo.ResolveRev(second.ToString()));
        Assert.Throws<RevisionNotFoundException>(() => repo.ResolveRev("os/x86_64/stable^^"));
        Assert.Throws<RevisionNotFoundException>(() => repo.ResolveRev("nope"));
        Assert.False(repo.TryResolveRev("nope", out _));

        if (Tool.Exists("ostree"))
        {
            Assert.Equal(first.ToString(), Tool.Check("ostree", "rev-parse", $"--repo={repo.Path}", "os/x86_64/stable^").Trim());
            Assert.Contains("origin:os/x86_64/stable", Tool.Check("ostree", "refs", $"--repo={repo.Path}"), StringComparison.Ordinal);
        }

        Assert.True(repo.DeleteRef("origin:os/x86_64/stable"));
        Assert.False(repo.DeleteRef("origin:os/x86_64/stable"));
        Assert.Single(repo.ListRefs());
    }

    [Theory]
    [InlineData("")]
    [InlineData("..")]
    [InlineData("a/../b")]
    [InlineData("a//b")]
    [InlineData("/a")]
    [InlineData("a b")]
    [InlineData("a\0b")]
    [InlineData("bad remote:x")]
    public void Invalid_ref_names_are_refused(string name)
    {
        using var temp = new TempDirectory();
        var repo = NewRepo(temp);
        Assert.Throws<ArgumentException>(() => repo.WriteRef(name, Checksum.Compute([])));
    }

    [Fact]
    public void Corrupted_metadata_objects_raise_typed_errors()
    {
        using var temp = new TempDirectory();
        var repo = NewRepo(temp);
        var commit = repo.CommitDirectory(SmallTree(temp), new CommitOptions { Subject = "s" });
        var path = repo.GetLooseObjectPath(commit, ObjectType.Commit);
        var bytes = File.ReadAllBytes(path);

        // A flipped byte: the object no longer hashes to its name.
        bytes[^5] ^= 0x40;
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<CorruptObjectException>(() => repo.ReadCommit(commit));
        Assert.Equal(commit, e.Checksum);

        // Bytes that hash right but are no commit: malformed data.
        var garbage = "not a commit"u8.ToArray();
        var garbageId = Checksum.Compute(garbage);
        Directory.CreateDirectory(Path.GetDirectoryName(repo.GetLooseObjectPath(garbageId, ObjectType.Commit))!);
        File.WriteAllBytes(repo.GetLooseObjectPath(garbageId, ObjectType.Commit), garbage);
        Assert.Throws<InvalidDataException>(() => repo.ReadCommit(garbageId));

        // Missing.
        Assert.Throws<ObjectNotFoundException>(() => repo.ReadDirTree(Checksum.Compute("x"u8)));
        Assert.False(repo.TryReadCommit(Checksum.Compute("x"u8), out _));
    }

    [Fact]
    public void Transactions_verify_expected_checksums_and_abort_cleanly()
    {
        using var temp = new TempDirectory();
        var repo = NewRepo(temp);
        using (var tx = repo.BeginTransaction())
        {
            var header = FileHeader.ForRegularFile(0, 0, 0x1A4);
            Assert.Throws<CorruptObjectException>(() => tx.WriteContent(header, new MemoryStream("hello\n"u8.ToArray()), 6, Checksum.Compute([])));
            Assert.Throws<InvalidDataException>(() => tx.WriteMetadata(ObjectType.DirTree, [1, 2, 3]));
            var id = tx.WriteContent(header, new MemoryStream("hello\n"u8.ToArray()), 6);
            Assert.Equal("44f778e59f0a4748d6b0c90a47347212a231c4ad1e8f7ea5c5dffc7749153a6b", id.ToString());
            Assert.True(tx.HasObject(id, ObjectType.File));
            Assert.False(repo.HasObject(id, ObjectType.File));

            // Not committed: disposed without publishing.
        }

        Assert.Empty(repo.EnumerateObjects());
        Assert.Equal([Path.Combine(repo.Path, "tmp", "cache")], Directory.EnumerateFileSystemEntries(Path.Combine(repo.Path, "tmp")));

        using (var tx = repo.BeginTransaction())
        {
            var id = tx.WriteContent(FileHeader.ForRegularFile(0, 0, 0x1A4), new MemoryStream("hello\n"u8.ToArray()), 6);
            tx.WriteMetadata(ObjectType.DirTree, new DirTree([new("hello.txt", id)], []).Serialize());
            tx.Commit();
            Assert.True(repo.HasObject(id, ObjectType.File));
            using var content = repo.OpenContent(id);
            Assert.Equal(6, content.Size);
            Assert.Equal(id, repo.ComputeContentChecksum(id));
        }

        Assert.Equal(2, repo.EnumerateObjects().Count());
    }

    [Fact]
    public void Truncated_archive_content_is_malformed()
    {
        using var temp = new TempDirectory();
        var repo = NewRepo(temp);
        var tree = SmallTree(temp, new string('z', 5000));
        var commit = repo.CommitDirectory(tree, new CommitOptions { Subject = "s" });
        var fileTree = new CommitFileTree(repo, commit);
        Assert.True(fileTree.TryGetFileChecksum("sub/file.txt", out var id));
        var path = repo.GetLooseObjectPath(id, ObjectType.File);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^3]);
        Assert.Throws<InvalidDataException>(() => repo.ComputeContentChecksum(id));
        File.WriteAllBytes(path, bytes[..10]);
        Assert.Throws<InvalidDataException>(() => repo.OpenContent(id).Dispose());
    }

    [Fact]
    public void Commit_file_tree_reads_a_commit_without_checkout()
    {
        using var temp = new TempDirectory();
        var repo = NewRepo(temp, RepositoryMode.BareUserOnly);
        var tree = SmallTree(temp);
        File.CreateSymbolicLink(Path.Combine(tree, "sub", "link"), "../empty");
        var commit = repo.CommitDirectory(tree, new CommitOptions { Subject = "s" });
        IFileTree view = new CommitFileTree(repo, commit);
        Assert.Equal(["empty", "sub"], view.EnumerateDirectory("").Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.True(view.TryGetEntry("sub/file.txt", out var entry));
        Assert.Equal((FileTreeEntryType.RegularFile, 6L), (entry.Type, entry.Size));
        Assert.Equal("../empty", view.ReadSymbolicLink("sub/link"));
        Assert.True(view.TryResolve("sub/link", out var resolved));
        Assert.Equal("empty", resolved);
        using (var reader = new StreamReader(view.OpenRead("/sub/file.txt")))
        {
            Assert.Equal("hello\n", reader.ReadToEnd());
        }

        Assert.False(view.TryGetEntry("sub/../empty", out _));
        Assert.Throws<DirectoryNotFoundException>(() => view.EnumerateDirectory("sub/file.txt"));
        Assert.Null(view.GetLocalPath("empty"));
    }

    [Fact]
    public void Committing_a_fifo_fails_with_the_typed_error_naming_it_and_publishes_nothing()
    {
        Requires.Tool("mkfifo");
        using var temp = new TempDirectory();
        var repo = NewRepo(temp, RepositoryMode.BareUser);
        var tree = SmallTree(temp);
        var fifo = Path.Combine(tree, "sub", "pipe");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [fifo]))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        // The file is hashed on a worker thread: the error must come out as itself, not as an AggregateException.
        var e = Assert.Throws<OsTreeException>(() => repo.CommitDirectory(tree, new CommitOptions { Branch = "b", Subject = "s" }));

        Assert.Contains(fifo, e.Message, StringComparison.Ordinal);
        Assert.False(repo.TryReadRef("b", out _));
        Assert.Empty(Directory.EnumerateFiles(repo.ObjectsPath, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void A_transaction_removes_expired_unlocked_tmp_entries_and_keeps_locked_and_recent_ones()
    {
        using var temp = new TempDirectory();
        var repo = NewRepo(temp, RepositoryMode.BareUser);
        var old = DateTime.UtcNow.AddDays(-2);
        string Staging(string name, DateTime mtime)
        {
            var dir = Path.Combine(repo.TmpPath, name);
            Directory.CreateDirectory(Path.Combine(dir, "ab"));
            File.WriteAllText(Path.Combine(dir, "ab", "partial.file"), "left by a killed writer");
            File.WriteAllText(dir + "-lock", string.Empty);
            Directory.SetLastWriteTimeUtc(dir, mtime);
            return dir;
        }

        var abandoned = Staging("staging-00000000-0000-0000-0000-000000000000-aaaaaa", old);
        var inUse = Staging("staging-00000000-0000-0000-0000-000000000000-bbbbbb", old);
        var recent = Staging("staging-00000000-0000-0000-0000-000000000000-cccccc", DateTime.UtcNow);
        var oldFile = Path.Combine(repo.TmpPath, ".tmp-ref-left-behind");
        File.WriteAllText(oldFile, "x");
        File.SetLastWriteTimeUtc(oldFile, old);

        // A lock held by somebody else (another open file description, as another process's would be).
        using (var held = RepositoryLock.TryLockFile(inUse + "-lock"))
        {
            Assert.NotNull(held);
            repo.CommitDirectory(SmallTree(temp), new CommitOptions { Branch = "b", Subject = "s" });
        }

        Assert.False(Directory.Exists(abandoned));
        Assert.False(File.Exists(abandoned + "-lock"));
        Assert.False(File.Exists(oldFile));
        Assert.True(File.Exists(Path.Combine(inUse, "ab", "partial.file")));
        Assert.True(File.Exists(Path.Combine(recent, "ab", "partial.file")));
        Assert.Equal(["b"], repo.ListRefs().Keys);
    }
}
