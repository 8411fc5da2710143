using System.Text.Json;
using OsTree.Packaging.Tests.Fixtures;
using OsTree.Trees;

namespace OsTree.Packaging.Tests;

public sealed class PackageDiffTests(RpmFixture rpm, DpkgFixture dpkg)
{
    [Fact]
    public void The_rpm_fixture_diff_is_exactly_the_documented_block()
    {
        rpm.Require();
        var diff = PackageDiff.Compute(new DirectoryFileTree(rpm.TreeA), new NonLocalFileTree(rpm.TreeB));
        Assert.Equal(
            """
            Upgraded:
              fx-hello 1.0-1 -> 1.1-1
            Downgraded:
              fx-epoch 2:0.5-3 -> 1:0.9-1
            Removed:
              fx-gone-1.0-1.noarch
            Added:
              fx-new-0.1~rc1-1.noarch

            """,
            PackageDiffFormatter.FormatBlock(diff));
        Assert.Equal("1 upgraded, 1 downgraded, 1 removed, 1 added", diff.Summarize());
    }

    [Fact]
    public void The_diff_format_and_header_lines_follow_rpm_ostree()
    {
        rpm.Require();
        var diff = PackageDiff.Compute(new DirectoryFileTree(rpm.TreeA), new DirectoryFileTree(rpm.TreeB));
        var from = new PackageDiffEndpoint("fedora/a", "aaaa");
        var to = new PackageDiffEndpoint("bbbb", "bbbb");
        Assert.Equal(
            """
            ostree diff commit from: fedora/a (aaaa)
            ostree diff commit to:   bbbb
            !fx-epoch-2:0.5-3.noarch
            =fx-epoch-1:0.9-1.noarch
            -fx-gone-1.0-1.noarch
            !fx-hello-1.0-1.noarch
            =fx-hello-1.1-1.noarch
            +fx-new-0.1~rc1-1.noarch

            """,
            PackageDiffFormatter.FormatDiff(diff, from, to));
    }

    [Fact]
    public void The_json_format_is_rpm_ostrees_json_glib_output()
    {
        rpm.Require();
        var diff = PackageDiff.Compute(new DirectoryFileTree(rpm.TreeA), new DirectoryFileTree(rpm.TreeB));
        var json = PackageDiffFormatter.FormatRpmOstreeJson(diff, "aaaa", "bbbb");
        Assert.StartsWith("{\n  \"ostree-commit-from\" : \"aaaa\",\n  \"ostree-commit-to\" : \"bbbb\",\n  \"pkgdiff\" : [\n    [\n      \"fx-new\",\n      0,\n      {\n        \"NewPackage\" : [\n          \"fx-new\",\n          \"0.1~rc1-1\",\n          \"noarch\"\n        ]\n      }\n    ],\n", json, StringComparison.Ordinal);
        Assert.EndsWith("  ],\n  \"advisories\" : []\n}", json, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(json);
        var entries = doc.RootElement.GetProperty("pkgdiff").EnumerateArray().Select(e => $"{e[0].GetString()} {e[1].GetInt32()}").ToList();
        Assert.Equal(["fx-new 0", "fx-gone 1", "fx-hello 2", "fx-epoch 3"], entries);
        var epoch = doc.RootElement.GetProperty("pkgdiff")[3][2];
        Assert.Equal("2:0.5-3", epoch.GetProperty("PreviousPackage")[1].GetString());
        Assert.Equal("1:0.9-1", epoch.GetProperty("NewPackage")[1].GetString());
        Assert.Equal("{\n  \"ostree-commit-from\" : \"a\",\n  \"ostree-commit-to\" : \"a\",\n  \"pkgdiff\" : [],\n  \"advisories\" : []\n}",
            PackageDiffFormatter.FormatRpmOstreeJson(PackageDiff.Compute([], []), "a", "a"));
    }

    [Fact]
    public void The_own_json_schema_is_versioned_and_complete()
    {
        rpm.Require();
        var diff = PackageDiff.Compute(new DirectoryFileTree(rpm.TreeA), new DirectoryFileTree(rpm.TreeB));
        using var doc = JsonDocument.Parse(PackageDiffFormatter.FormatJson(diff, new PackageDiffEndpoint(rpm.TreeA), new PackageDiffEndpoint(rpm.TreeB)));
        var root = doc.RootElement;
        Assert.Equal(1, root.GetProperty("schemaVersion").GetInt32());
        Assert.Equal("rpm", root.GetProperty("format").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("from").GetProperty("checksum").ValueKind);
        Assert.Equal(1, root.GetProperty("summary").GetProperty("downgraded").GetInt32());
        var hello = root.GetProperty("changes").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "fx-hello");
        Assert.Equal("upgraded", hello.GetProperty("change").GetString());
        Assert.Equal("1.1", hello.GetProperty("current").GetProperty("version").GetString());
        Assert.Equal(64, hello.GetProperty("current").GetProperty("headerSha256").GetString()!.Length);
    }

    [Fact]
    public void The_dpkg_fixture_diff_treats_config_files_as_removed()
    {
        dpkg.Require();
        var diff = PackageDiff.Compute(new DirectoryFileTree(dpkg.TreeA), new DirectoryFileTree(dpkg.TreeB));
        Assert.Equal(
            """
            Upgraded:
              fx-hello 1.0-1 -> 1.1-1
            Downgraded:
              fx-epoch 2:0.5-3 -> 1:0.9-1
            Removed:
              fx-gone_1.0-1_all
            Added:
              fx-new_0.1~rc1-1_all

            """,
            PackageDiffFormatter.FormatBlock(diff));
    }

    [Fact]
    public void Same_version_with_another_header_digest_is_rebuilt_and_multilib_is_reported_apart()
    {
        static InstalledPackage P(string name, string version, string arch, string? sha = null)
            => new(PackageFormat.Rpm, name, 0, version, "1", arch) { HeaderSha256 = sha };
        var diff = PackageDiff.Compute(
            [P("a", "1", "x86_64", "01"), P("lib", "1", "i686"), P("lib", "1", "x86_64"), P("solo", "1", "i686"), P("gpg-pubkey", "1", "(none)")],
            [P("a", "1", "x86_64", "02"), P("lib", "2", "x86_64"), P("solo", "1", "x86_64")]);
        Assert.Equal(
            ["a Rebuilt", "lib Removed", "lib Upgraded", "solo Upgraded"],
            diff.Changes.Select(c => $"{c.Name} {c.Kind}"));
        Assert.Single(diff.Rebuilt);
        Assert.DoesNotContain("Rebuilt", PackageDiffFormatter.FormatBlock(diff), StringComparison.Ordinal);
    }
}
