using CsCheck;
using OsTree.Packaging.Tests.Fixtures;
using OsTree.TestSupport;
using OsTree.Trees;

namespace OsTree.Packaging.Tests;

public sealed class BerkeleyDbFuzzTests(RpmFixture fixture)
{
    [Fact]
    public void Mutated_berkeley_db_files_list_or_fail_with_InvalidDataException_only()
    {
        fixture.Require();
        var original = File.ReadAllBytes(fixture.BerkeleyLittleEndian);
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.Combine("var", "lib", "rpm"));
        var packages = dir.Combine("var", "lib", "rpm", "Packages");
        var tree = new DirectoryFileTree(dir.Path);

        // Page headers and item offsets live in the first bytes of each 512-byte page; aim half the mutations there.
        Gen.Select(Gen.Int[0, original.Length - 1].Array[1, 4], Gen.Byte.Array[1, 4], Gen.Bool, Gen.Int[0, (original.Length / 512) - 1])
            .Sample((positions, values, headerOnly, page) =>
            {
                var bytes = (byte[])original.Clone();
                for (var i = 0; i < positions.Length; i++)
                {
                    var at = headerOnly ? (page * 512) + (positions[i] % 40) : positions[i];
                    bytes[at] = values[i % values.Length];
                }

                File.WriteAllBytes(packages, bytes);
                try
                {
                    _ = PackageDatabase.Open(tree).ReadPackages();
                }
                catch (InvalidDataException)
                {
                }
            }, iter: 400, threads: 1);
    }
}
