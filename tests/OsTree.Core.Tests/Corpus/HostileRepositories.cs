using System.IO.Compression;
using OsTree.Objects;
using OsTree.Repositories;
using OsTree.TestSupport;
using OsTree.Trees;

namespace OsTree.Core.Tests.Corpus;

/// <summary>What a hostile repository must do to each operation.</summary>
[Flags]
internal enum Refusal
{
    None = 0,

    /// <summary>Checkout throws a typed error.</summary>
    Checkout = 1,

    /// <summary>Fsck reports a problem (without throwing).</summary>
    Fsck = 2,

    /// <summary>pull-local into another repository throws a typed error.</summary>
    Pull = 4,
}

/// <summary>
/// One crafted repository of the corpus: <see cref="Build"/> fills an empty archive repository and returns the commit
/// to operate on; <see cref="PrepareTarget"/> (optional) fills the checkout target first, for union checkouts over
/// hostile symlinks.
/// </summary>
internal sealed record HostileRepository(string Name, Refusal Refuses, Func<Repository, string, Checksum> Build, Action<string, string>? PrepareTarget = null);

/// <summary>
/// The crafted repositories of the hostile-input corpus (see <c>tests/corpus/README.md</c>). Objects are named by
/// their checksum, so they are built here, deterministically, from the checked-in GVariant entries and a few files.
/// </summary>
internal static class HostileRepositories
{
    // The placeholder checksums build.py writes into dirtrees: bytes 0..31 (file or tree) and 1..32 (dirmeta).
    private static readonly byte[] FilePlaceholder = [.. Enumerable.Range(0, 32).Select(i => (byte)i)];
    private static readonly byte[] MetaPlaceholder = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    public static IReadOnlyList<HostileRepository> All { get; } =
    [
        new("root tree with a file named ..", Refusal.Checkout | Refusal.Fsck | Refusal.Pull, (r, _) => CommitRawTree(r, "gvariant/dirtree/name-dotdot.gvariant")),
        new("root tree with a directory named ../../etc", Refusal.Checkout | Refusal.Fsck | Refusal.Pull, (r, _) => CommitRawTree(r, "gvariant/dirtree/dir-name-with-slash.gvariant")),
        new("root tree with a NUL inside a name", Refusal.Checkout | Refusal.Fsck | Refusal.Pull, (r, _) => CommitRawTree(r, "gvariant/dirtree/name-embedded-nul.gvariant")),
        new("root tree with a 70000-byte file name", Refusal.Checkout, (r, _) => CommitRawTree(r, "trees/name-absurd-length.gvariant")),
        new("a file whose content does not match its name", Refusal.Fsck | Refusal.Pull, ContentMismatch),
        new("a dirtree whose bytes do not match its name", Refusal.Checkout | Refusal.Fsck | Refusal.Pull, DirTreeMismatch),
        new("a dirtree that contains itself", Refusal.Checkout | Refusal.Fsck | Refusal.Pull, SelfContainingTree),
        new("a parent chain that loops", Refusal.Fsck | Refusal.Pull, ParentLoop),
        new("a commit that is its own parent", Refusal.Fsck | Refusal.Pull, SelfParent),
        new("a file declaring 2^62 bytes", Refusal.Checkout | Refusal.Fsck | Refusal.Pull, HugeDeclaredSize),
        new("a dirtree of 200 MB (sparse)", Refusal.Checkout | Refusal.Fsck | Refusal.Pull, HugeMetadata),
        new("union checkout over a symlink to outside", Refusal.Checkout, ValidTree, (target, outside) =>
        {
            Directory.CreateDirectory(target);
            File.CreateSymbolicLink(Path.Combine(target, "d"), Path.GetRelativePath(target, outside));
        }),
        new("union checkout over a chain of symlinks to outside", Refusal.Checkout, ValidTree, (target, outside) =>
        {
            Directory.CreateDirectory(target);
            File.CreateSymbolicLink(Path.Combine(target, "d"), "e");
            File.CreateSymbolicLink(Path.Combine(target, "e"), "f/..//./g");
            Directory.CreateDirectory(Path.Combine(target, "f"));
            File.CreateSymbolicLink(Path.Combine(target, "g"), outside);
        }),
        new("union checkout over a file symlink to outside", Refusal.None, ValidTree, (target, outside) =>
        {
            Directory.CreateDirectory(Path.Combine(target, "d"));
            File.CreateSymbolicLink(Path.Combine(target, "d", "pwn"), Path.Combine(outside, "sentinel"));
        }),
    ];

    private static Checksum CommitRawTree(Repository repository, string corpusEntry)
    {
        using var tx = repository.BeginTransaction();
        var file = tx.WriteContent(FileHeader.ForRegularFile(0, 0, 0x1a4), new MemoryStream("x\n"u8.ToArray()), 2);
        var meta = tx.WriteMetadata(ObjectType.DirMeta, new DirMeta(0, 0, 0x41ed).Serialize());
        var bytes = File.ReadAllBytes(Path.Combine(TestSupport.Corpus.Root, corpusEntry));
        Replace(bytes, FilePlaceholder, file.ToByteArray());
        Replace(bytes, MetaPlaceholder, meta.ToByteArray());
        var tree = WriteRaw(repository, ObjectType.DirTree, bytes);
        var commit = tx.WriteMetadata(ObjectType.Commit, new Commit(tree, meta, 1, "hostile").Serialize());
        tx.Commit();
        repository.WriteRef("hostile", commit);
        return commit;
    }

    private static Checksum ValidTree(Repository repository, string scratch)
    {
        var dir = Path.Combine(scratch, "valid-tree");
        Directory.CreateDirectory(Path.Combine(dir, "d"));
        File.WriteAllText(Path.Combine(dir, "d", "pwn"), "written through a symlink\n");
        File.WriteAllText(Path.Combine(dir, "top"), "top\n");
        return repository.CommitDirectory(dir, new CommitOptions { Branch = "hostile", Timestamp = DateTimeOffset.FromUnixTimeSeconds(1) });
    }

    private static Checksum ContentMismatch(Repository repository, string scratch)
    {
        var commit = ValidTree(repository, scratch);
        var tree = repository.ReadDirTree(repository.ReadCommit(commit).RootTree);
        var top = tree.Files.Single(f => f.Name == "top").Checksum;

        // Same size, other bytes: the archive object of "top" now inflates to "pwn\n".
        using var tx = repository.BeginTransaction();
        var evil = tx.WriteContent(FileHeader.ForRegularFile(0, 0, 0x1a4), new MemoryStream("pwn\n"u8.ToArray()), 4);
        tx.Commit();
        File.Copy(repository.GetLooseObjectPath(evil, ObjectType.File), repository.GetLooseObjectPath(top, ObjectType.File), overwrite: true);
        return commit;
    }

    private static Checksum DirTreeMismatch(Repository repository, string scratch)
    {
        var commit = ValidTree(repository, scratch);
        var root = repository.ReadCommit(commit).RootTree;
        var empty = new DirTree([], []).Serialize();
        File.WriteAllBytes(repository.GetLooseObjectPath(root, ObjectType.DirTree), empty);
        return commit;
    }

    private static Checksum SelfContainingTree(Repository repository, string scratch)
    {
        // A dirtree naming itself as its subdirectory "d" can only exist under a name its bytes do not hash to.
        var meta = WriteRaw(repository, ObjectType.DirMeta, new DirMeta(0, 0, 0x41ed).Serialize());
        var name = Checksum.Compute("self"u8);
        var bytes = new DirTree([], [new DirTreeDirectory("d", name, meta)]).Serialize();
        WriteRaw(repository, ObjectType.DirTree, bytes, name);
        var commit = WriteCommit(repository, new Commit(name, meta, 1, "self"));
        repository.WriteRef("hostile", commit);
        return commit;
    }

    private static Checksum ParentLoop(Repository repository, string scratch)
    {
        // A names X as parent; X holds a commit whose parent is A.
        var valid = ValidTree(repository, scratch);
        var c = repository.ReadCommit(valid);
        var x = Checksum.Compute("x"u8);
        var a = WriteCommit(repository, new Commit(c.RootTree, c.RootMeta, 2, "a", parent: x));
        WriteRaw(repository, ObjectType.Commit, new Commit(c.RootTree, c.RootMeta, 1, "x", parent: a).Serialize(), x);
        repository.WriteRef("hostile", a);
        return a;
    }

    private static Checksum SelfParent(Repository repository, string scratch)
    {
        var valid = ValidTree(repository, scratch);
        var c = repository.ReadCommit(valid);
        var x = Checksum.Compute("loop"u8);
        WriteRaw(repository, ObjectType.Commit, new Commit(c.RootTree, c.RootMeta, 1, "x", parent: x).Serialize(), x);
        var a = WriteCommit(repository, new Commit(c.RootTree, c.RootMeta, 2, "a", parent: x));
        repository.WriteRef("hostile", a);
        return a;
    }

    private static Checksum HugeDeclaredSize(Repository repository, string scratch)
    {
        var commit = ValidTree(repository, scratch);
        var tree = repository.ReadDirTree(repository.ReadCommit(commit).RootTree);
        var top = tree.Files.Single(f => f.Name == "top").Checksum;
        using var filez = new MemoryStream();
        filez.Write(FileHeader.ForRegularFile(0, 0, 0x1a4).SerializeArchiveFramed(1UL << 62));
        using (var deflate = new DeflateStream(filez, CompressionLevel.Fastest, leaveOpen: true))
        {
            deflate.Write(new byte[4096]);
        }

        File.WriteAllBytes(repository.GetLooseObjectPath(top, ObjectType.File), filez.ToArray());
        return commit;
    }

    private static Checksum HugeMetadata(Repository repository, string scratch)
    {
        var commit = ValidTree(repository, scratch);
        var root = repository.ReadCommit(commit).RootTree;
        using (var stream = new FileStream(repository.GetLooseObjectPath(root, ObjectType.DirTree), FileMode.Create))
        {
            stream.SetLength(200L << 20);
        }

        return commit;
    }

    private static Checksum WriteCommit(Repository repository, Commit commit) => WriteRaw(repository, ObjectType.Commit, commit.Serialize());

    private static Checksum WriteRaw(Repository repository, ObjectType type, byte[] bytes, Checksum? name = null)
    {
        var checksum = name ?? Checksum.Compute(bytes);
        var path = repository.GetLooseObjectPath(checksum, type);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return checksum;
    }

    private static void Replace(byte[] haystack, byte[] needle, byte[] replacement)
    {
        for (var i = haystack.AsSpan().IndexOf(needle); i >= 0;)
        {
            replacement.CopyTo(haystack, i);
            var next = haystack.AsSpan(i + needle.Length).IndexOf(needle);
            i = next < 0 ? -1 : i + needle.Length + next;
        }
    }
}
