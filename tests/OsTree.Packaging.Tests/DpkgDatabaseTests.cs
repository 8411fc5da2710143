using System.Text;
using OsTree.Packaging.Dpkg;
using OsTree.Packaging.Tests.Fixtures;
using OsTree.TestSupport;
using OsTree.Trees;

namespace OsTree.Packaging.Tests;

public sealed class DpkgDatabaseTests(DpkgFixture fixture)
{
    private static List<string> Lines(IEnumerable<InstalledPackage> packages)
        => packages.Select(p => $"{p.Name} {p.Evr} {p.Architecture}").Order(StringComparer.Ordinal).ToList();

    [Fact]
    public void Fixture_trees_equal_dpkg_query()
    {
        fixture.Require();
        foreach (var tree in new[] { fixture.TreeA, fixture.TreeB })
        {
            var db = PackageDatabase.Open(new DirectoryFileTree(tree));
            Assert.Equal(PackageDatabaseKind.DpkgStatus, db.Location.Kind);
            Assert.Equal("var/lib/dpkg", db.Location.Path);
            Assert.Equal(DpkgFixture.DpkgQueryPresent(Path.Combine(tree, "var/lib/dpkg")), Lines(db.ReadPackages()));
        }

        Assert.Equal(
            ["fx-epoch 1:0.9-1 all", "fx-hello 1.1-1 all", "fx-lib 1.0-1 amd64", "fx-lib 1.0-1 i386", "fx-new 0.1~rc1-1 all"],
            Lines(PackageDatabase.Open(new NonLocalFileTree(fixture.TreeB)).ReadPackages()));
    }

    [Fact]
    public void Removed_packages_stay_as_config_files_records_and_are_absent()
    {
        fixture.Require();
        var db = (DpkgDatabase)PackageDatabase.Open(new DirectoryFileTree(fixture.TreeB));
        var gone = db.ReadRecords().Single(r => r.Name == "fx-gone");
        Assert.Equal(new DpkgStatus(DpkgWant.Deinstall, DpkgErrorFlag.Ok, DpkgState.ConfigFiles), gone.Status);
        Assert.Equal("deinstall ok config-files", gone.Status.ToString());
        Assert.NotNull(gone.GetField("conffiles"));
        Assert.DoesNotContain(db.ReadPackages(), p => p.Name == "fx-gone");
    }

    [Fact]
    public void Multi_arch_same_packages_are_one_per_architecture_with_their_own_file_lists()
    {
        fixture.Require();
        var admin = Path.Combine(fixture.TreeB, "var/lib/dpkg");
        var db = PackageDatabase.Open(new DirectoryFileTree(fixture.TreeB));
        var libs = db.ReadPackages().Where(p => p.Name == "fx-lib").ToList();
        Assert.Equal(["fx-lib:amd64", "fx-lib:i386"], libs.Select(p => p.DisplayName));
        foreach (var package in db.ReadPackages())
        {
            var expected = Tool.Check("dpkg-query", $"--admindir={admin}", "-L", package.DisplayName).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(expected, db.ReadFiles(package));
        }

        Assert.Contains("/usr/share/fx-lib/README-i386", db.ReadFiles(libs[1]));
        var hello = db.ReadPackages().Single(p => p.Name == "fx-hello");
        Assert.Equal("fixture fx-hello", hello.Summary);
        Assert.Equal(4096, hello.InstalledSize);
        Assert.Equal("fx-hello", hello.Source);
    }

    [Fact]
    public void An_updates_journal_is_applied_in_order_and_tmp_i_ignored_as_dpkg_does()
    {
        fixture.Require();
        using var dir = new TempDirectory();
        Tool.Check("cp", "-a", fixture.TreeA + "/.", dir.Path);
        var admin = dir.Combine("var", "lib", "dpkg");
        var status = File.ReadAllText(Path.Combine(admin, "status"));
        var epoch = Stanza(status, "fx-epoch").Replace("Version: 2:0.5-3", "Version: 1:0.9-1", StringComparison.Ordinal);
        var hello = Stanza(status, "fx-hello").Replace("Version: 1.0-1", "Version: 1.0-2", StringComparison.Ordinal);
        var hello2 = hello.Replace("Version: 1.0-2", "Version: 1.0-3", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(admin, "updates", "0000"), epoch);
        File.WriteAllText(Path.Combine(admin, "updates", "0001"), hello);
        File.WriteAllText(Path.Combine(admin, "updates", "0002"), hello2);
        File.WriteAllText(Path.Combine(admin, "updates", "tmp.i"), "Package: fx-hello\nbroken");
        var before = DirectorySnapshot.Take(admin);

        var expected = DpkgFixture.DpkgQueryPresent(admin);
        Assert.Contains("fx-epoch 1:0.9-1 all", expected);
        Assert.Contains("fx-hello 1.0-3 all", expected);
        Assert.Equal(expected, Lines(PackageDatabase.Open(new DirectoryFileTree(dir.Path)).ReadPackages()));
        Assert.Equal(before, DirectorySnapshot.Take(admin));
    }

    [Fact]
    public void Journal_names_of_different_lengths_are_an_error_as_in_dpkg()
    {
        fixture.Require();
        using var dir = new TempDirectory();
        Tool.Check("cp", "-a", fixture.TreeA + "/.", dir.Path);
        var admin = dir.Combine("var", "lib", "dpkg");
        var stanza = Stanza(File.ReadAllText(Path.Combine(admin, "status")), "fx-hello");
        File.WriteAllText(Path.Combine(admin, "updates", "0000"), stanza);
        File.WriteAllText(Path.Combine(admin, "updates", "00001"), stanza);
        Assert.NotEqual(0, Tool.Run("dpkg-query", $"--admindir={admin}", "-W").ExitCode);
        var e = Assert.Throws<InvalidDataException>(() => PackageDatabase.Open(new DirectoryFileTree(dir.Path)).ReadPackages());
        Assert.Contains("different length names", e.Message, StringComparison.Ordinal);
        Assert.Contains("/var/lib/dpkg/updates", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_hosts_own_database_equals_dpkg_query()
    {
        Requires.Tool("dpkg-query");
        Assert.SkipUnless(File.Exists("/var/lib/dpkg/status"), "the host has no dpkg database");
        var db = DpkgDatabase.OpenAdminDirectory("/var/lib/dpkg");
        var ours = Lines(db.ReadPackages());
        Assert.True(ours.Count > 100, $"only {ours.Count} packages on the host");
        Assert.Equal(DpkgFixture.DpkgQueryPresent("/var/lib/dpkg"), ours);
    }

    [Fact]
    public void An_endless_layout_with_an_empty_var_is_found_under_usr()
    {
        fixture.Require();
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.Combine("usr", "share", "dpkg"));
        Directory.CreateDirectory(dir.Combine("var"));
        Tool.Check("cp", "-a", Path.Combine(fixture.TreeB, "var/lib/dpkg"), dir.Combine("usr", "share", "dpkg", "database"));
        var db = PackageDatabase.Open(new NonLocalFileTree(dir.Path));
        Assert.Equal("usr/share/dpkg/database", db.Location.Path);

        // With the link in place, the probe finds it through var/lib/dpkg.
        Directory.CreateDirectory(dir.Combine("var", "lib"));
        File.CreateSymbolicLink(dir.Combine("var", "lib", "dpkg"), "../../usr/share/dpkg/database");
        var linked = PackageDatabase.Open(new DirectoryFileTree(dir.Path));
        Assert.Equal("var/lib/dpkg", linked.Location.ProbedPath);
        Assert.Equal("usr/share/dpkg/database", linked.Location.Path);
        Assert.Equal(Lines(db.ReadPackages()), Lines(linked.ReadPackages()));
        Assert.Equal(DpkgFixture.DpkgQueryPresent(Path.Combine(fixture.TreeB, "var/lib/dpkg")), Lines(linked.ReadPackages()));
    }

    [Fact]
    public void A_distroless_status_d_reads_like_the_status_file()
    {
        fixture.Require();
        using var dir = new TempDirectory();
        var statusD = dir.Combine("var", "lib", "dpkg", "status.d");
        Directory.CreateDirectory(statusD);
        var status = File.ReadAllText(Path.Combine(fixture.TreeB, "var/lib/dpkg/status"));
        foreach (var stanza in status.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var name = stanza.Split('\n')[0]["Package: ".Length..];
            var arch = stanza.Split('\n').First(l => l.StartsWith("Architecture: ", StringComparison.Ordinal))["Architecture: ".Length..];
            File.WriteAllText(Path.Combine(statusD, $"{name}-{arch}"), stanza.TrimEnd('\n') + "\n");
            File.WriteAllText(Path.Combine(statusD, $"{name}-{arch}.md5sums"), "d41d8cd98f00b204e9800998ecf8427e  usr/share/x\n");
        }

        var db = PackageDatabase.Open(new DirectoryFileTree(dir.Path));
        Assert.Equal(PackageDatabaseKind.DpkgStatusDirectory, db.Location.Kind);
        Assert.Equal(DpkgFixture.DpkgQueryPresent(Path.Combine(fixture.TreeB, "var/lib/dpkg")), Lines(db.ReadPackages()));
    }

    public static TheoryData<string, string?> BrokenStatusFiles => new()
    {
        { "Package: fx\nStatus: install ok installed\nVersion: 1.0\nArchitecture: all", "fx" },
        { "Package: fx\nStatus install ok installed\n", "fx" },
        { "Package: fx\n: value\n", "fx" },
        { "Package: fx\n-Bad: value\n", "fx" },
        { "Package: fx\nStatus: install ok installed\nStatus: install ok installed\nVersion: 1\n", "fx" },
        { "Package: fx\nX: y\n", "fx" },
        { "Package: fx\nStatus: install ok sideways\nVersion: 1\n", "fx" },
        { "Package: fx\nStatus: install ok installed junk\nVersion: 1\n", "fx" },
        { "Package: fx\nStatus: install ok installed\nVersion: 1.0-\n", "fx" },
        { "Package: fx\nStatus: install ok installed\nVersion: 1.0 2\n", "fx" },
        { "Package: fx\nStatus: install ok installed\n", "fx" },
        { "Package: fx!\nStatus: install ok installed\nVersion: 1\n", "fx!" },
        { "Status: install ok installed\nVersion: 1\n", null },
        { "Package: fx\nStatus: install ok installed\nVersion: 1\nArchitecture: all\nMulti-Arch: same\n", "fx" },
        { "Package: fx\nStatus: install ok installed\nVersion: 1\nMulti-Arch: sometimes\n", "fx" },
        { "Package: fx\nStatus: install ok installed\nVersion: 1\nConfig-Version: 1\n", "fx" },
        { "Package: fx\nStatus: install ok triggers-pending\nVersion: 1\n", "fx" },
        { "Package: fx\nStatus: install ok\x1a installed\nVersion: 1\n", "fx" },
    };

    [Theory]
    [MemberData(nameof(BrokenStatusFiles))]
    public void Broken_stanzas_are_typed_errors_naming_file_and_package_and_dpkg_refuses_them_too(string status, string? package)
    {
        Requires.Tool("dpkg-query");
        using var dir = new TempDirectory();
        var admin = dir.Combine("var", "lib", "dpkg");
        Directory.CreateDirectory(Path.Combine(admin, "updates"));
        Directory.CreateDirectory(Path.Combine(admin, "info"));
        File.WriteAllText(Path.Combine(admin, "status"), status);
        Assert.NotEqual(0, Tool.Run("dpkg-query", $"--admindir={admin}", "-W").ExitCode);
        var e = Assert.Throws<InvalidDataException>(() => PackageDatabase.Open(new DirectoryFileTree(dir.Path)).ReadPackages());
        Assert.StartsWith("/var/lib/dpkg/status: ", e.Message, StringComparison.Ordinal);
        Assert.Equal(package, e.Data["PackageName"]);
    }

    [Fact]
    public void Stanza_rules_match_dpkg_for_continuations_blank_lines_and_case()
    {
        Requires.Tool("dpkg-query");
        using var dir = new TempDirectory();
        var admin = dir.Combine("var", "lib", "dpkg");
        Directory.CreateDirectory(Path.Combine(admin, "updates"));
        var status = new StringBuilder()
            .Append("\n\n")
            .Append("PACKAGE :   Fx-One  \nstatus: Install OK Installed\nversion:  1:2.0-1 \narchitecture: amd64\nDescription: one\n line two\n .\n line four\n\n\n")
            .Append("Package: fx-two\nStatus: deinstall ok config-files\nVersion: 1\nArchitecture: all\nConfig-Version: 1\n\n")
            .Append("Package: fx-three\nStatus: install reinstreq half-installed\nArchitecture: all\n\n")
            .Append("Package: fx-four\nStatus: purge ok not-installed\n")
            .ToString();
        File.WriteAllText(Path.Combine(admin, "status"), status);
        var db = PackageDatabase.Open(new DirectoryFileTree(dir.Path));
        Assert.Equal(DpkgFixture.DpkgQueryPresent(admin), Lines(db.ReadPackages()).Select(l => l.TrimEnd()).ToList());
        var one = ((DpkgDatabase)db).ReadRecords().Single(r => r.Name == "fx-one");
        Assert.Equal("one\n line two\n .\n line four", one.GetField("description"));
        Assert.Equal("1:2.0-1", one.Version.ToString());
        Assert.Equal(
            new KeyValuePair<string, string>[] { new("PACKAGE", "Fx-One"), new("status", "Install OK Installed"), new("version", "1:2.0-1"), new("architecture", "amd64"), new("Description", "one\n line two\n .\n line four") },
            one.Fields);
        Assert.Equal(new[] { "fx-four", "fx-one", "fx-three", "fx-two" }, ((DpkgDatabase)db).ReadRecords().Select(r => r.Name));
        var four = ((DpkgDatabase)db).ReadRecords().Single(r => r.Name == "fx-four");
        Assert.Equal(new KeyValuePair<string, string>[] { new("Package", "fx-four"), new("Status", "purge ok not-installed") }, four.Fields);
    }

    private static string Stanza(string status, string package)
        => status.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Single(s => s.StartsWith($"Package: {package}\n", StringComparison.Ordinal)).TrimEnd('\n') + "\n";
}
