using OsTree.GVariant;
using OsTree.TestSupport;

namespace OsTree.Packaging.Tests;

public sealed class PackageListGVariantTests
{
    private static readonly RpmPackageListEntry[] RpmRows =
    [
        new("fx-epoch", "1", "0.9", "1", "noarch"),
        new("fx-hello", "0", "1.1", "1", "noarch"),
        new("fx-new", "0", "0.1~rc1", "1", "noarch"),
    ];

    private static readonly DpkgPackageListEntry[] DpkgRows =
    [
        new("fx-epoch", "1:0.9-1", "all"),
        new("fx-lib", "1.0-1", "amd64"),
        new("fx-lib", "1.0-1", "i386"),
    ];

    [Fact]
    public void Package_lists_committed_by_ostree_decode_and_encode_to_the_same_bytes()
    {
        Requires.Tool("ostree");
        using var dir = new TempDirectory();
        var repo = dir.Combine("repo");
        Directory.CreateDirectory(dir.Combine("tree"));
        File.WriteAllText(dir.Combine("tree", "file"), "x");
        Tool.Check("ostree", "init", $"--repo={repo}", "--mode=archive");
        string Text(IEnumerable<string[]> rows) => "[" + string.Join(", ", rows.Select(r => "(" + string.Join(", ", r.Select(v => $"'{v}'")) + ")")) + "]";
        Tool.Check("ostree", "commit", $"--repo={repo}", "-b", "test", $"--tree=dir={dir.Combine("tree")}", "--timestamp=2026-01-01T00:00:00Z",
            $"--add-metadata={PackageList.RpmMetadataKey}={Text(RpmRows.Select(r => new[] { r.Name, r.Epoch, r.Version, r.Release, r.Architecture }))}",
            $"--add-metadata={PackageList.DpkgMetadataKey}={Text(DpkgRows.Select(r => new[] { r.Name, r.Version, r.Architecture }))}");
        var checksum = Tool.Check("ostree", "rev-parse", $"--repo={repo}", "test").Trim();
        var commit = GVariantValue.Parse(GVariantType.Parse("(a{sv}aya(say)sstayay)"), File.ReadAllBytes(Path.Combine(repo, "objects", checksum[..2], checksum[2..] + ".commit")));
        var metadata = commit.Items[0].Items.ToDictionary(e => e.Items[0].GetString(), e => e.Items[1]);

        var rpm = metadata[PackageList.RpmMetadataKey];
        Assert.Equal(RpmRows, PackageList.ReadRpmGVariant(rpm));
        Assert.Equal(rpm.GetVariant().ToArray(), PackageList.ToGVariant(RpmRows).ToArray());
        Assert.Equal(PackageList.RpmGVariantType, rpm.GetVariant().Type.ToString());

        var dpkg = metadata[PackageList.DpkgMetadataKey];
        Assert.Equal(DpkgRows, PackageList.ReadDpkgGVariant(dpkg));
        Assert.Equal(dpkg.GetVariant().ToArray(), PackageList.ToGVariant(DpkgRows).ToArray());
    }

    [Fact]
    public void Metadata_round_trips_and_reading_prefers_it()
    {
        var packages = PackageList.ReadDpkgRows(DpkgRows);
        var metadata = PackageList.AddToMetadata(GVariantDictionary.Empty.With("version", GVariantValue.FromString("1")), packages);
        var parsed = GVariantDictionary.Parse(metadata.ToArray());
        Assert.True(PackageList.TryReadFromMetadata(parsed, out var read));
        Assert.Equal(packages.Select(p => p.Nevra), read.Select(p => p.Nevra));
        Assert.False(PackageList.TryReadFromMetadata(GVariantDictionary.Empty, out _));
        var bad = GVariantDictionary.Empty.With(PackageList.RpmMetadataKey, PackageList.ToGVariant([new RpmPackageListEntry("x", "one", "1", "1", "noarch")]));
        Assert.Throws<InvalidDataException>(() => PackageList.TryReadFromMetadata(bad, out _));
    }

    [Fact]
    public void A_value_of_another_type_is_refused()
    {
        Assert.Throws<InvalidDataException>(() => PackageList.ReadRpmGVariant(PackageList.ToGVariant(DpkgRows)));
        Assert.Throws<InvalidDataException>(() => PackageList.ReadDpkgGVariant(GVariantValue.FromString("x")));
        Assert.Empty(PackageList.ReadRpmGVariant(PackageList.ToGVariant(Array.Empty<RpmPackageListEntry>())));
    }
}
