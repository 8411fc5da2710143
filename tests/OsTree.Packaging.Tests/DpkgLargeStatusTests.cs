using System.Text;
using OsTree.Packaging.Dpkg;
using OsTree.Packaging.Tests.Fixtures;
using OsTree.TestSupport;
using OsTree.Trees;

namespace OsTree.Packaging.Tests;

/// <summary>Status files large enough to be parsed on two threads, against dpkg-query and against the one-pass parse.</summary>
public sealed class DpkgLargeStatusTests
{
    private const int Stanzas = 1200;

    private static string Stanza(int i, string arch = "amd64", string multiArch = "")
        => $"Package: fx-big{i:0000}\nStatus: install ok installed\nPriority: optional\nInstalled-Size: {i}\n" +
           $"Architecture: {arch}\n{multiArch}Version: {i % 3}:{1 + (i % 7)}.{i}-{1 + (i % 4)}\n" +
           $"Depends: libc6 (>= 2.36), fx-big{(i + 1) % Stanzas:0000}\n" +
           $"Description: package {i}\n a package of a large status file,\n .\n number {i}.\n\n";

    private static string Status(Func<int, string> stanza) => string.Concat(Enumerable.Range(0, Stanzas).Select(stanza));

    private static List<string> Lines(IEnumerable<InstalledPackage> packages)
        => packages.Select(p => $"{p.Name} {p.Evr} {p.Architecture}").Order(StringComparer.Ordinal).ToList();

    private static (string Root, string Admin) Write(TempDirectory dir, string status)
    {
        var admin = dir.Combine("var", "lib", "dpkg");
        Directory.CreateDirectory(Path.Combine(admin, "updates"));
        Directory.CreateDirectory(Path.Combine(admin, "info"));
        File.WriteAllText(Path.Combine(admin, "status"), status);
        Assert.True(new FileInfo(Path.Combine(admin, "status")).Length > 256 * 1024, "large enough for the two-thread parse");
        return (dir.Path, admin);
    }

    [Fact]
    public void A_large_status_file_lists_as_dpkg_query_does_and_as_the_one_pass_parse_does()
    {
        Requires.Tool("dpkg-query");
        using var dir = new TempDirectory();
        var status = Status(i => Stanza(i));
        var (root, admin) = Write(dir, status);
        var db = (DpkgDatabase)PackageDatabase.Open(new DirectoryFileTree(root));
        var parsedInTwo = DpkgDatabase.TwoThreadParses;
        Assert.Equal(DpkgFixture.DpkgQueryPresent(admin), Lines(db.ReadPackages()));
        Assert.True(DpkgDatabase.TwoThreadParses > parsedInTwo, "the file was parsed on two threads");

        var records = db.ReadRecords();
        var onePass = DpkgDatabase.ParseStatus(Encoding.UTF8.GetBytes(status), "/status", onePass: true).OrderBy(r => r.Name, StringComparer.Ordinal).ToList();
        Assert.Equal(Stanzas, records.Count);
        Assert.Equal(onePass.Select(r => r.ToString()), records.Select(r => r.ToString()));
        for (var i = 0; i < Stanzas; i += 97)
        {
            Assert.Equal(onePass[i].Fields, records[i].Fields);
            Assert.Equal(onePass[i].ToInstalledPackage().Nevra, records[i].ToInstalledPackage().Nevra);
            Assert.Equal(onePass[i].ToInstalledPackage().Summary, records[i].ToInstalledPackage().Summary);
        }
    }

    [Theory]
    [InlineData(100)]
    [InlineData(599)]
    [InlineData(600)]
    [InlineData(1100)]
    public void A_broken_stanza_anywhere_is_the_error_of_the_one_pass_parse_with_its_line(int broken)
    {
        Requires.Tool("dpkg-query");
        using var dir = new TempDirectory();
        var status = Status(i => i == broken ? Stanza(i).Replace("Status: install ok installed", "Status: install ok sideways", StringComparison.Ordinal) : Stanza(i));
        var (root, admin) = Write(dir, status);
        Assert.NotEqual(0, Tool.Run("dpkg-query", $"--admindir={admin}", "-W").ExitCode);
        var e = Assert.Throws<InvalidDataException>(() => PackageDatabase.Open(new DirectoryFileTree(root)).ReadPackages());
        var onePass = Assert.Throws<InvalidDataException>(() => DpkgDatabase.ParseStatus(Encoding.UTF8.GetBytes(status), "/var/lib/dpkg/status", onePass: true));
        Assert.Equal(onePass.Message, e.Message);
        var first = status[..status.IndexOf($"Package: fx-big{broken:0000}\n", StringComparison.Ordinal)].Count(c => c == '\n') + 1;
        Assert.Contains($"package 'fx-big{broken:0000}'", e.Message, StringComparison.Ordinal);
        Assert.Contains("has invalid value 'sideways'", e.Message, StringComparison.Ordinal);
        Assert.InRange(int.Parse(e.Message.Split("line ")[1].Split(':')[0], System.Globalization.CultureInfo.InvariantCulture), first, first + 12);
    }

    [Fact]
    public void Two_instances_of_one_package_in_different_halves_are_refused_as_dpkg_refuses_them()
    {
        Requires.Tool("dpkg-query");
        using var dir = new TempDirectory();
        var status = Status(i => i == 1000 ? Stanza(10, "i386") : Stanza(i));
        var (root, admin) = Write(dir, status);
        Assert.NotEqual(0, Tool.Run("dpkg-query", $"--admindir={admin}", "-W").ExitCode);
        var e = Assert.Throws<InvalidDataException>(() => PackageDatabase.Open(new DirectoryFileTree(root)).ReadPackages());
        Assert.Contains("multiple non-coinstallable package instances present", e.Message, StringComparison.Ordinal);
        Assert.Equal(Assert.Throws<InvalidDataException>(() => DpkgDatabase.ParseStatus(Encoding.UTF8.GetBytes(status), "/var/lib/dpkg/status", onePass: true)).Message, e.Message);
    }

    [Fact]
    public void Multi_arch_same_pairs_split_between_the_halves_are_both_kept()
    {
        Requires.Tool("dpkg-query");
        using var dir = new TempDirectory();
        const string same = "Multi-Arch: same\n";
        var status = Status(i => i == 1000 ? Stanza(10, "i386", same) : i == 10 ? Stanza(10, "amd64", same) : Stanza(i));
        var (root, admin) = Write(dir, status);
        var packages = PackageDatabase.Open(new DirectoryFileTree(root)).ReadPackages();
        Assert.Equal(DpkgFixture.DpkgQueryPresent(admin), Lines(packages));
        Assert.Equal(2, packages.Count(p => p.Name == "fx-big0010"));
    }
}
