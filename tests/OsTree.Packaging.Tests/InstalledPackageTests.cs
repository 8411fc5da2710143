namespace OsTree.Packaging.Tests;

public sealed class InstalledPackageTests
{
    public static TheoryData<PackageFormat, uint, string, string, string> Packages => new()
    {
        { PackageFormat.Rpm, 0, "1.2", "3.fc40", "x86_64:bash-1.2-3.fc40.x86_64" },
        { PackageFormat.Rpm, 2, "1.2", "3.fc40", "x86_64:bash-2:1.2-3.fc40.x86_64" },
        { PackageFormat.Rpm, 0, "1.2", string.Empty, "noarch:bash-1.2-.noarch" },
        { PackageFormat.Dpkg, 0, "5.2.15", "3+b2", "amd64:bash_5.2.15-3+b2_amd64" },
        { PackageFormat.Dpkg, 1, "5.2.15", "3", "amd64:bash_1:5.2.15-3_amd64" },
        { PackageFormat.Dpkg, 0, "5.2.15", string.Empty, "all:bash_5.2.15_all" },
        { PackageFormat.Dpkg, 4294967295, "5.2.15", string.Empty, "all:bash_4294967295:5.2.15_all" },
    };

    [Theory]
    [MemberData(nameof(Packages))]
    public void TryFormat_writes_the_nevra_and_refuses_a_short_span(PackageFormat format, uint epoch, string version, string release, string expected)
    {
        var (architecture, nevra) = (expected[..expected.IndexOf(':', StringComparison.Ordinal)], expected[(expected.IndexOf(':', StringComparison.Ordinal) + 1)..]);
        var package = new InstalledPackage(format, "bash", epoch, version, release, architecture);
        Assert.Equal(nevra, package.Nevra);
        Assert.Equal(nevra, package.ToString());
        Assert.Equal(nevra, $"{package}");
        Assert.Equal(package.Name + (format == PackageFormat.Rpm ? "-" : "_") + package.Evr + (format == PackageFormat.Rpm ? "." : "_") + architecture, nevra);

        var span = new char[nevra.Length];
        Assert.True(package.TryFormat(span, out var written, default, null));
        Assert.Equal(nevra, new string(span, 0, written));
        Assert.False(package.TryFormat(span.AsSpan(0, nevra.Length - 1), out _, default, null));
        Assert.Throws<FormatException>(() => package.ToString("N", null));
    }
}
