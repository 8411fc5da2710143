using System.Text;
using BenchmarkDotNet.Attributes;
using OsTree.Packaging;
using OsTree.Packaging.Dpkg;
using OsTree.Packaging.Rpm;
using OsTree.Trees;

namespace OsTree.Benchmarks.Packaging;

/// <summary>
/// Listing large package databases in process. The dpkg status file (1,500 stanzas shaped like Debian's) is written
/// in setup; the rpm databases are the 1,200-package sqlite and Berkeley DB trees that benchmarks/compare-packages.sh
/// builds with rpmbuild, rpm and db5.3_load (run it once first; their benchmarks fail with that advice otherwise).
/// </summary>
[MemoryDiagnoser]
public class PackageDatabaseBenchmarks
{
    private string _dpkgRoot = string.Empty;
    private IFileTree _dpkgTree = null!;
    private IFileTree? _rpmTree;
    private IFileTree? _bdbTree;
    private string[] _versions = [];

    [GlobalSetup]
    public void Setup()
    {
        _dpkgRoot = Directory.CreateTempSubdirectory("ostree-net-bench-dpkg-").FullName;
        Directory.CreateDirectory(Path.Combine(_dpkgRoot, "var/lib/dpkg/updates"));
        File.WriteAllText(Path.Combine(_dpkgRoot, "var/lib/dpkg/status"), StatusFile(1500));
        _dpkgTree = new DirectoryFileTree(_dpkgRoot);

        var cache = Path.Combine(Environment.GetEnvironmentVariable("OSTREE_NET_CACHE") ?? "/var/tmp/ostree-net-cache", "packages");
        _rpmTree = Directory.Exists(Path.Combine(cache, "rpm-tree")) ? new DirectoryFileTree(Path.Combine(cache, "rpm-tree")) : null;
        _bdbTree = Directory.Exists(Path.Combine(cache, "bdb-tree")) ? new DirectoryFileTree(Path.Combine(cache, "bdb-tree")) : null;

        var random = new Random(1);
        _versions = Enumerable.Range(0, 2048).Select(_ => $"{random.Next(3)}:{random.Next(10)}.{random.Next(20)}~rc{random.Next(3)}-{random.Next(5)}+b{random.Next(2)}").ToArray();
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_dpkgRoot, recursive: true);

    [Benchmark]
    public int DpkgStatus1500() => PackageDatabase.Open(_dpkgTree).ReadPackages().Count;

    [Benchmark]
    public int RpmSqlite1200() => PackageDatabase.Open(_rpmTree ?? throw Missing()).ReadPackages().Count;

    [Benchmark]
    public int RpmBerkeleyDb1200() => PackageDatabase.Open(_bdbTree ?? throw Missing()).ReadPackages().Count;

    [Benchmark]
    public int DpkgVersionCompare2048()
    {
        var sum = 0;
        for (var i = 1; i < _versions.Length; i++)
        {
            sum += DpkgVersion.Compare(_versions[i - 1], _versions[i]);
        }

        return sum;
    }

    [Benchmark]
    public int RpmVersionCompare2048()
    {
        var sum = 0;
        for (var i = 1; i < _versions.Length; i++)
        {
            sum += RpmVersion.Compare(_versions[i - 1], _versions[i]);
        }

        return sum;
    }

    private static InvalidOperationException Missing() => new("Run benchmarks/compare-packages.sh once to build the rpm databases.");

    private static string StatusFile(int count)
    {
        var sb = new StringBuilder(count * 420);
        for (var i = 0; i < count; i++)
        {
            sb.Append("Package: fx-deb").Append(i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture)).Append('\n')
              .Append("Status: install ok installed\nPriority: optional\nSection: libs\nInstalled-Size: ").Append(100 + i).Append('\n')
              .Append("Maintainer: Fixture Maintainers <fx@example.org>\nArchitecture: amd64\n")
              .Append("Version: ").Append(1 + (i % 9)).Append('.').Append(i % 17).Append("+dfsg-").Append(1 + (i % 5)).Append('\n')
              .Append("Depends: libc6 (>= 2.36), libfoo | libbar\n")
              .Append("Conffiles:\n /etc/fx/").Append(i).Append(".conf 0123456789abcdef0123456789abcdef\n")
              .Append("Description: fixture package ").Append(i).Append("\n This is a fixture package.\n .\n It exists to make the status file realistic.\n\n");
        }

        return sb.ToString();
    }
}
