using OsTree.GVariant;
using OsTree.Objects;
using OsTree.Repositories;

namespace OsTree.Core.Tests.Objects;

public sealed class ObjectRoundTripTests
{
    private static readonly Checksum A = Checksum.Compute("a"u8);
    private static readonly Checksum B = Checksum.Compute("b"u8);

    [Fact]
    public void Dirtree_sorts_by_utf8_bytes_and_round_trips()
    {
        // U+1F600 (a surrogate pair in UTF-16) sorts after U+FFFD in UTF-8 byte order, unlike UTF-16 ordinal order.
        var tree = new DirTree(
            [new("zeta", A), new("Alpha", B), new("\U0001F600", A), new("\uFFFD", B)],
            [new("usr", A, B), new("etc", B, A)]);
        Assert.Equal(["Alpha", "zeta", "\uFFFD", "\U0001F600"], tree.Files.Select(f => f.Name));
        Assert.Equal(["etc", "usr"], tree.Directories.Select(d => d.Name));
        var parsed = DirTree.Parse(tree.Serialize());
        Assert.Equal(tree.Files, parsed.Files);
        Assert.Equal(tree.Directories, parsed.Directories);
        Assert.True(parsed.TryGetFile("\U0001F600", out var f) && f.Checksum == A);
        Assert.True(parsed.TryGetDirectory("usr", out var d) && d.MetaChecksum == B);
        Assert.False(parsed.TryGetFile("usr", out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("a\0b")]
    public void Dirtree_refuses_bad_names(string name)
    {
        Assert.Throws<ArgumentException>(() => new DirTree([new(name, A)], []));
        Assert.Throws<ArgumentException>(() => new DirTree([], [new(name, A, B)]));
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("a/b")]
    public void Dirtree_parse_refuses_bad_names(string name)
    {
        using var writer = new GVariantWriter(DirTree.Type);
        writer.BeginTuple();
        writer.BeginArray();
        writer.EndArray();
        writer.BeginArray();
        writer.BeginTuple();
        writer.WriteString(name);
        writer.WriteBytes(A.ToByteArray());
        writer.WriteBytes(B.ToByteArray());
        writer.EndTuple();
        writer.EndArray();
        writer.EndTuple();
        Assert.Throws<InvalidDataException>(() => DirTree.Parse(writer.ToArray()));
    }

    [Fact]
    public void Dirtree_parse_refuses_a_nul_inside_a_name()
    {
        // "a\0b" written by hand: (a(say)a(sayay)) with one file entry.
        var entry = new List<byte> { (byte)'a', 0, (byte)'b', 0 };
        entry.AddRange(A.ToByteArray());
        entry.Add(4); // the string's end offset
        byte[] bytes = [.. entry, (byte)entry.Count, (byte)(entry.Count + 1)];
        var ex = Assert.Throws<InvalidDataException>(() => DirTree.Parse(bytes));
        Assert.Contains("NUL", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dirtree_parse_refuses_duplicates_and_disorder()
    {
        var files = new DirTree([new("a", A), new("b", B)], []).Serialize();
        var swapped = (byte[])files.Clone();
        var ia = Array.IndexOf(swapped, (byte)'a');
        var ib = Array.IndexOf(swapped, (byte)'b');
        (swapped[ia], swapped[ib]) = ((byte)'b', (byte)'a');
        Assert.Throws<InvalidDataException>(() => DirTree.Parse(swapped));
        swapped[ia] = (byte)'a';
        swapped[ib] = (byte)'a';
        Assert.Throws<InvalidDataException>(() => DirTree.Parse(swapped));
        Assert.Throws<ArgumentException>(() => new DirTree([new("x", A)], [new("x", A, B)]));
    }

    [Fact]
    public void Header_with_xattrs_round_trips_and_bare_user_metadata_too()
    {
        var xattrs = Xattr.Sort([new Xattr("user.b", "2"u8), new Xattr("user.a", "1"u8), new Xattr("security.selinux", "system_u:object_r:bin_t:s0\0"u8)]);
        Assert.Equal(["security.selinux", "user.a", "user.b"], xattrs.Select(x => x.Name));
        var header = FileHeader.ForRegularFile(1000, 100, 0xDED, xattrs);
        Assert.Equal(0x8DEDu, header.Mode);
        var parsed = FileHeader.Parse(header.Serialize());
        Assert.Equal(header, parsed);
        Assert.Equal(header, FileHeader.ParseFramed(header.SerializeFramed(), out _));
        Assert.Equal(header, FileHeader.ParseBareUserMetadata(header.SerializeBareUserMetadata(), string.Empty));
        var link = FileHeader.ForSymbolicLink(0, 0, "/nonexistent");
        Assert.Equal(link, FileHeader.ParseBareUserMetadata(link.SerializeBareUserMetadata(), "/nonexistent"));
    }

    [Theory]
    [InlineData(0x21A4u, "")] // a character device
    [InlineData(0x41EDu, "")] // a directory
    [InlineData(0x1A4u, "")] // no type bits
    [InlineData(0xA1FFu, "")] // a link without target
    [InlineData(0x81A4u, "x")] // a file with a target
    [InlineData(0x181A4u, "")] // bits beyond S_IFMT
    public void Header_refuses_what_libostree_refuses(uint mode, string target)
    {
        Assert.Throws<ArgumentException>(() => new FileHeader(0, 0, mode, target));
    }

    [Fact]
    public void Commit_with_parent_metadata_and_body_round_trips()
    {
        var metadata = new GVariantDictionary()
            .With("version", GVariantValue.FromString("1.0"))
            .With(Commit.RefBindingKey, GVariantValue.FromStrings(["os/x86_64/stable"]))
            .With("n", GVariantValue.FromInt32(42));
        var commit = new Commit(A, B, 1700000000, "subject", "body\nmore", parent: B, metadata: metadata);
        var parsed = Commit.Parse(commit.Serialize());
        Assert.Equal(B, parsed.Parent);
        Assert.Equal("body\nmore", parsed.Body);
        Assert.Equal("1.0", parsed.Version);
        Assert.Equal(["version", Commit.RefBindingKey, "n"], parsed.Metadata.Select(kv => kv.Key));
        Assert.Equal(["os/x86_64/stable"], parsed.Metadata[1].Value.GetStrings());
        Assert.Equal(commit.Serialize(), parsed.Serialize());
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1700000000), parsed.TimestampUtc);
    }

    [Fact]
    public void Commit_content_checksum_is_sha256_of_tree_and_meta()
    {
        var commit = new Commit(A, B, 0, "s");
        Assert.Equal(Checksum.Compute([.. A.ToByteArray(), .. B.ToByteArray()]), commit.ContentChecksum);
    }

    [Theory]
    [InlineData(ObjectType.File, RepositoryMode.Archive, "filez")]
    [InlineData(ObjectType.File, RepositoryMode.BareUser, "file")]
    [InlineData(ObjectType.DirTree, RepositoryMode.Bare, "dirtree")]
    [InlineData(ObjectType.DirMeta, RepositoryMode.Bare, "dirmeta")]
    [InlineData(ObjectType.Commit, RepositoryMode.Bare, "commit")]
    [InlineData(ObjectType.CommitMeta, RepositoryMode.Bare, "commitmeta")]
    [InlineData(ObjectType.TombstoneCommit, RepositoryMode.Bare, "tombstone-commit")]
    public void Object_paths_follow_libostree(ObjectType type, RepositoryMode mode, string ext)
    {
        var path = ObjectName.GetRelativePath(A, type, mode);
        var hex = A.ToString();
        Assert.Equal($"objects/{hex[..2]}/{hex[2..]}.{ext}", path);
        Assert.True(ObjectName.TryParse(hex.AsSpan(0, 2), $"{hex[2..]}.{ext}", mode, out var c, out var t));
        Assert.Equal((A, type), (c, t));
        Assert.False(ObjectName.TryParse(hex[..2].ToUpperInvariant(), $"{hex[2..]}.{ext}", mode, out _, out _));
        Assert.False(ObjectName.TryParse(hex.AsSpan(0, 2), $"{hex[2..]}.{ext}.tmp", mode, out _, out _));
    }
}
