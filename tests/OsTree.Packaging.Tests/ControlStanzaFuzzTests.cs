using System.Text;
using CsCheck;
using OsTree.Packaging.Dpkg;
using OsTree.TestSupport;
using OsTree.Trees;

namespace OsTree.Packaging.Tests;

public sealed class ControlStanzaFuzzTests
{
    private const string Seed = """
        Package: fx-one
        Status: install ok installed
        Version: 1:2.0-1
        Architecture: amd64
        Multi-Arch: same
        Description: one
         line two
         .
         line four

        Package: fx-two
        Status: deinstall ok config-files
        Config-Version: 1.0
        Architecture: all
        Version: 1.0

        """;

    [Fact]
    public void Mutated_status_files_parse_or_fail_with_InvalidDataException_only()
    {
        using var dir = new TempDirectory();
        var admin = dir.Combine("var", "lib", "dpkg");
        Directory.CreateDirectory(admin);
        var status = Path.Combine(admin, "status");
        var tree = new DirectoryFileTree(dir.Path);
        var seed = Encoding.UTF8.GetBytes(Seed);
        const string interesting = ":\n \t-.~\x1aAaZz09";
        Gen.Select(Gen.Int[0, seed.Length - 1].Array[1, 6], Gen.Int[0, interesting.Length - 1].Array[1, 6], Gen.Int[0, 2])
            .Sample((positions, chars, mode) =>
            {
                var bytes = (byte[])seed.Clone();
                for (var i = 0; i < positions.Length; i++)
                {
                    bytes[positions[i]] = (byte)interesting[chars[i % chars.Length]];
                }

                if (mode == 1)
                {
                    bytes = bytes[..positions[0]];
                }

                File.WriteAllBytes(status, bytes);
                var db = (DpkgDatabase)PackageDatabase.Open(tree, PackageFormat.Dpkg);
                try
                {
                    foreach (var record in db.ReadRecords())
                    {
                        _ = record.ToString();
                        _ = record.ToInstalledPackage().Nevra;
                    }
                }
                catch (InvalidDataException e)
                {
                    Assert.StartsWith("/var/lib/dpkg/status: ", e.Message, StringComparison.Ordinal);
                }
            }, iter: 2000, threads: 1);
    }
}
