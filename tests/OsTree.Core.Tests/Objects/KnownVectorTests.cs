using System.Text;
using OsTree.GVariant;
using OsTree.Objects;

namespace OsTree.Core.Tests.Objects;

/// <summary>Object ids libostree 2022.7 computes (ostree-format.md §2, re-checked with `ostree checksum` and `ostree commit`).</summary>
public sealed class KnownVectorTests
{
    [Fact]
    public void Hello_txt_has_libostree_s_content_checksum_and_framed_header()
    {
        var header = FileHeader.ForRegularFile(0, 0, 0x1A4);
        Assert.Equal("00000012000000000000000000000000000081a4000000000011", Convert.ToHexStringLower(header.SerializeFramed()));
        Assert.Equal(
            "44f778e59f0a4748d6b0c90a47347212a231c4ad1e8f7ea5c5dffc7749153a6b",
            header.ComputeContentChecksum("hello\n"u8).ToString());
        Assert.Equal(
            header.ComputeContentChecksum("hello\n"u8),
            header.ComputeContentChecksum(new MemoryStream(Encoding.ASCII.GetBytes("hello\n"))));
    }

    [Fact]
    public void A_symbolic_link_hashes_its_header_only()
    {
        var header = FileHeader.ForSymbolicLink(0, 0, "hello.txt");
        Assert.Equal(0xA1FFu, header.Mode);
        Assert.Equal("f66efa496a72379413c44593de510dc344beb045294f1a543da87b2b6118db35", header.ComputeContentChecksum([]).ToString());
    }

    [Fact]
    public void The_empty_dirtree_is_one_zero_byte()
    {
        Assert.Equal([0], DirTree.Empty.Serialize());
        Assert.Equal("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", DirTree.Empty.ComputeChecksum().ToString());
    }

    [Fact]
    public void A_root_owned_0755_directory_has_libostree_s_dirmeta()
    {
        var meta = new DirMeta(0, 0, 0x41ED);
        Assert.Equal("00000000" + "00000000" + "000041ed", Convert.ToHexStringLower(meta.Serialize()));
        Assert.Equal("446a0ef11b7cc167f3b603e585c7eeeeb675faa412d5ec73f62988eb0b6c5488", meta.ComputeChecksum().ToString());
    }

    [Fact]
    public void A_commit_of_an_empty_tree_matches_ostree_commit()
    {
        // ostree commit --no-bindings -s s --timestamp=@1577836800 of an empty 0755 root-owned directory.
        var commit = new Commit(
            Checksum.Parse("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"),
            Checksum.Parse("446a0ef11b7cc167f3b603e585c7eeeeb675faa412d5ec73f62988eb0b6c5488"),
            1577836800,
            "s");
        var bytes = commit.Serialize();
        Assert.Equal("154234fb1779942fe3804e275c1f539fc839da93ba19230b81b629173cbaf142", Checksum.Compute(bytes).ToString());
        var parsed = Commit.Parse(bytes);
        Assert.Equal(1577836800UL, parsed.Timestamp);
        Assert.Equal("s", parsed.Subject);
        Assert.Null(parsed.Parent);
        Assert.Equal(commit.RootTree, parsed.RootTree);
        Assert.Equal(bytes, parsed.Serialize());
    }

    [Fact]
    public void Archive_header_puts_the_big_endian_size_first()
    {
        var header = FileHeader.ForRegularFile(0, 0, 0x1A4);
        var framed = header.SerializeArchiveFramed(6);
        var parsed = FileHeader.ParseArchiveFramed(framed, out var size, out var length);
        Assert.Equal(6UL, size);
        Assert.Equal(framed.Length, length);
        Assert.Equal(header, parsed);
        Assert.Equal("0000000000000006", Convert.ToHexStringLower(framed.AsSpan(8, 8)));
    }

    [Fact]
    public void Tombstone_holds_the_hex_checksum_with_a_nul()
    {
        var c = Checksum.Parse("154234fb1779942fe3804e275c1f539fc839da93ba19230b81b629173cbaf142");
        var bytes = new TombstoneCommit(c).Serialize();
        Assert.Equal(c, TombstoneCommit.Parse(bytes).Commit);
        var dict = GVariantDictionary.Parse(bytes);
        Assert.True(dict.TryGetValue("commit", out var value));
        Assert.Equal(Encoding.ASCII.GetBytes(c + "\0"), value.GetBytes().ToArray());
    }
}
