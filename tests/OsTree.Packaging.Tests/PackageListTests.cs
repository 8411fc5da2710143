using OsTree.Packaging.Tests.Fixtures;
using OsTree.Trees;

namespace OsTree.Packaging.Tests;

public sealed class PackageListTests(RpmFixture rpm, DpkgFixture dpkg)
{
    [Fact]
    public void Rpm_rows_are_rpm_ostrees_pkglist_and_round_trip_into_the_same_diff()
    {
        rpm.Require();
        var a = PackageDatabase.Open(new DirectoryFileTree(rpm.TreeA)).ReadPackages();
        var b = PackageDatabase.Open(new DirectoryFileTree(rpm.TreeB)).ReadPackages();
        var rows = PackageList.CreateRpmRows(a);
        Assert.Equal(
            [new RpmPackageListEntry("fx-epoch", "2", "0.5", "3", "noarch"), new RpmPackageListEntry("fx-gone", "0", "1.0", "1", "noarch"), new RpmPackageListEntry("fx-hello", "0", "1.0", "1", "noarch")],
            rows);
        var fromRows = PackageDiff.Compute(PackageList.ReadRpmRows(rows), PackageList.ReadRpmRows(PackageList.CreateRpmRows(b)));
        Assert.Equal(PackageDiffFormatter.FormatBlock(PackageDiff.Compute(a, b)), PackageDiffFormatter.FormatBlock(fromRows));
    }

    [Fact]
    public void Dpkg_rows_hold_name_version_and_arch_and_round_trip()
    {
        dpkg.Require();
        var a = PackageDatabase.Open(new DirectoryFileTree(dpkg.TreeA)).ReadPackages();
        var b = PackageDatabase.Open(new DirectoryFileTree(dpkg.TreeB)).ReadPackages();
        var rows = PackageList.CreateDpkgRows(b);
        Assert.Contains(new DpkgPackageListEntry("fx-epoch", "1:0.9-1", "all"), rows);
        Assert.Contains(new DpkgPackageListEntry("fx-lib", "1.0-1", "i386"), rows);
        var fromRows = PackageDiff.Compute(PackageList.ReadDpkgRows(PackageList.CreateDpkgRows(a)), PackageList.ReadDpkgRows(rows));
        Assert.Equal(PackageDiffFormatter.FormatBlock(PackageDiff.Compute(a, b)), PackageDiffFormatter.FormatBlock(fromRows));
    }
}
