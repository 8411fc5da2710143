using System.Reflection;
using OsTree.TestSupport;

namespace OsTree.Cli.Tests;

/// <summary>
/// Rules for the shipped packages' public surface, enforced by reflection (as LibGit2Sharp's MetaFixture does), and
/// the snapshot of that surface in src/PACKAGE/PublicAPI.txt, so that every API change is visible in a diff.
/// </summary>
public sealed class ApiRulesTests
{
    public static TheoryData<string> PackageNames => new() { "OsTree.Core", "OsTree.Btrfs", "OsTree.Packaging" };

    private static Assembly Load(string name) => Assembly.Load(new AssemblyName(name));

    [Theory]
    [MemberData(nameof(PackageNames))]
    public void No_public_type_lives_in_an_Internal_namespace(string package)
    {
        var offenders = Load(package).GetExportedTypes()
            .Where(t => t.Namespace?.Split('.').Contains("Internal") == true)
            .Select(t => t.FullName)
            .ToList();
        Assert.Empty(offenders);
    }

    [Theory]
    [MemberData(nameof(PackageNames))]
    public void Public_classes_are_sealed_unless_they_are_meant_to_be_derived(string package)
    {
        // Exceptions form families that callers catch by base type; everything else is sealed, abstract or static.
        var offenders = Load(package).GetExportedTypes()
            .Where(t => t.IsClass && !t.IsSealed && !t.IsAbstract && !typeof(Exception).IsAssignableFrom(t))
            .Select(t => t.FullName)
            .ToList();
        Assert.Empty(offenders);
    }

    [Theory]
    [MemberData(nameof(PackageNames))]
    public void Flags_enums_have_no_overlapping_single_bit_values(string package)
    {
        foreach (var type in Load(package).GetExportedTypes().Where(t => t.IsEnum && t.IsDefined(typeof(FlagsAttribute))))
        {
            var bits = Enum.GetValues(type).Cast<object>().Select(Convert.ToUInt64).Where(v => v != 0 && (v & (v - 1)) == 0).ToList();
            Assert.Equal(bits.Count, bits.Distinct().Count());
        }
    }

    [Theory]
    [MemberData(nameof(PackageNames))]
    public void Public_api_matches_its_snapshot(string package)
    {
        var snapshot = Path.Combine(PublicApiSnapshot.RepositoryRoot(), "src", package, "PublicAPI.txt");
        Assert.SkipUnless(File.Exists(snapshot) || Environment.GetEnvironmentVariable("OSTREE_NET_UPDATE_API") == "1", $"{snapshot} does not exist yet");
        Assert.Null(PublicApiSnapshot.Compare(Load(package), snapshot));
    }
}
