using OsTree.GVariant;
using OsTree.Objects;
using OsTree.Repositories;
using OsTree.TestSupport;
using OsTree.Transport;

namespace OsTree.Core.Tests.Transport;

public sealed class RepositorySummaryTests
{
    [Fact]
    public void Reads_the_summary_ostree_writes_and_writes_the_same_bytes_back()
    {
        Requires.Tool("ostree");
        using var dir = new TempDirectory();
        var repo = OstreeArchiveWithTwoRefs(dir);
        var bytes = File.ReadAllBytes(Path.Combine(repo, "summary"));

        var summary = RepositorySummary.Parse(bytes);

        Assert.Equal(["main", "other/x"], summary.Refs.Select(r => r.Name));
        var main = summary.Refs[0];
        Assert.Equal(Tool.Check("ostree", "rev-parse", "--repo=" + repo, "main").Trim(), main.Commit.ToString());
        Assert.Equal((ulong)new FileInfo(CommitPath(repo, main.Commit)).Length, main.CommitSize);
        Assert.Equal("1.2", main.Version);
        Assert.Equal(1577836800UL, main.Timestamp);
        Assert.Null(summary.Refs[1].Version);
        Assert.Equal("archive-z2", summary.Mode);
        Assert.False(summary.TombstoneCommits);
        Assert.NotNull(summary.LastModified);
        Assert.True(summary.TryGetRef("other/x", out var other));
        Assert.Equal(summary.Refs[1], other);
        Assert.False(summary.TryGetRef("missing", out _));
        Assert.Equal(bytes, summary.Serialize());
    }

    [Fact]
    public void Create_gives_the_bytes_ostree_summary_u_writes()
    {
        Requires.Tool("ostree");
        using var dir = new TempDirectory();
        var repo = OstreeArchiveWithTwoRefs(dir);
        var theirs = RepositorySummary.Parse(File.ReadAllBytes(Path.Combine(repo, "summary")));

        var ours = RepositorySummary.Create(
            theirs.Refs.Select(r => SummaryRef.ForCommit(r.Name, r.Commit, (ulong)new FileInfo(CommitPath(repo, r.Commit)).Length, Commit.Parse(File.ReadAllBytes(CommitPath(repo, r.Commit))))).Reverse(),
            "archive-z2",
            theirs.LastModified!.Value,
            tombstoneCommits: false);

        Assert.Equal(File.ReadAllBytes(Path.Combine(repo, "summary")), ours.Serialize());
    }

    [Fact]
    public void Ostree_reads_a_summary_we_write()
    {
        Requires.Tool("ostree");
        using var dir = new TempDirectory();
        var repo = OstreeArchiveWithTwoRefs(dir);
        var commit = Tool.Check("ostree", "rev-parse", "--repo=" + repo, "main").Trim();
        var checksum = Checksum.Parse(commit);
        var parsed = Commit.Parse(File.ReadAllBytes(CommitPath(repo, checksum)));
        var size = (ulong)new FileInfo(CommitPath(repo, checksum)).Length;
        var summary = RepositorySummary.Create(
            [SummaryRef.ForCommit("z/last", checksum, size, parsed), SummaryRef.ForCommit("a-first", checksum, size, parsed)],
            "archive-z2",
            DateTimeOffset.FromUnixTimeSeconds(1700000000),
            tombstoneCommits: true);
        File.WriteAllBytes(Path.Combine(repo, "summary"), summary.Serialize());

        var verbose = Tool.Check("ostree", "summary", "-v", "--repo=" + repo);

        Assert.Contains("* a-first", verbose, StringComparison.Ordinal);
        Assert.Contains("* z/last", verbose, StringComparison.Ordinal);
        Assert.Contains(commit, verbose, StringComparison.Ordinal);
        Assert.Contains("Version (ostree.commit.version): 1.2", verbose, StringComparison.Ordinal);
        Assert.Contains("Timestamp (ostree.commit.timestamp): 2020-01-01T00:00:00+00", verbose, StringComparison.Ordinal);
        Assert.Contains("Last-Modified (ostree.summary.last-modified): 2023-11-14T22:13:20+00", verbose, StringComparison.Ordinal);
        Assert.Contains("Has Tombstone Commits (ostree.summary.tombstone-commits): Yes", verbose, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_unsorted_refs_and_short_commit_ids()
    {
        var commit = Checksum.Compute("x"u8);
        var good = new RepositorySummary([new SummaryRef("b", commit, 1), new SummaryRef("a", commit, 1)]).Serialize();
        Assert.Equal(["a", "b"], RepositorySummary.Parse(good).Refs.Select(r => r.Name));

        var unsorted = Swap(good, "a"u8.ToArray(), "c"u8.ToArray());
        Assert.Throws<InvalidDataException>(() => RepositorySummary.Parse(unsorted));

        using var writer = new GVariantWriter(RepositorySummary.Type);
        writer.BeginTuple();
        writer.BeginArray();
        writer.BeginTuple();
        writer.WriteString("a");
        writer.BeginTuple();
        writer.WriteUInt64(1);
        writer.WriteBytes(new byte[31]);
        GVariantDictionary.Empty.WriteTo(writer);
        writer.EndTuple();
        writer.EndTuple();
        writer.EndArray();
        GVariantDictionary.Empty.WriteTo(writer);
        writer.EndTuple();
        var e = Assert.Throws<InvalidDataException>(() => RepositorySummary.Parse(writer.ToArray()));
        Assert.Contains("31-byte commit id", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new RepositorySummary([new SummaryRef("a", commit, 1), new SummaryRef("a", commit, 2)]));
    }

    [Fact]
    public void Truncated_summaries_are_refused_as_invalid_data()
    {
        var commit = Checksum.Compute("x"u8);
        var bytes = RepositorySummary.Create([new SummaryRef("main", commit, 100)], "archive-z2", DateTimeOffset.UnixEpoch, false).Serialize();
        for (var length = 1; length < bytes.Length; length += 7)
        {
            var prefix = bytes.AsSpan(0, length).ToArray();
            try
            {
                var parsed = RepositorySummary.Parse(prefix);
                // GVariant is self-framing from the end: a prefix that still parses must be structurally sound.
                Assert.All(parsed.Refs, r => Assert.NotEmpty(r.Name));
            }
            catch (InvalidDataException)
            {
            }
        }
    }

    internal static string OstreeArchiveWithTwoRefs(TempDirectory dir)
    {
        var repo = dir.Combine("o");
        var tree = dir.Combine("t");
        Directory.CreateDirectory(Path.Combine(tree, "a"));
        File.WriteAllText(Path.Combine(tree, "a", "f"), "hi\n");
        Tool.Check("ostree", "init", "--repo=" + repo, "--mode=archive");
        Tool.Check("ostree", "commit", "--repo=" + repo, "-b", "main", "-s", "s", "--timestamp=@1577836800", "--add-metadata-string=version=1.2", tree);
        Tool.Check("ostree", "commit", "--repo=" + repo, "-b", "other/x", "-s", "s2", tree);
        Tool.Check("ostree", "summary", "-u", "--repo=" + repo);
        return repo;
    }

    internal static string CommitPath(string repo, Checksum commit)
        => Path.Combine(repo, ObjectName.GetRelativePath(commit, ObjectType.Commit, RepositoryMode.Archive));

    private static byte[] Swap(byte[] data, byte[] from, byte[] to)
    {
        var copy = data.ToArray();
        var index = copy.AsSpan().IndexOf((byte[])[.. from, 0]);
        to.CopyTo(copy, index);
        return copy;
    }
}
