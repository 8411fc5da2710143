using System.Text;
using CsCheck;
using OsTree.Packaging.Dpkg;
using OsTree.TestSupport;

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

                try
                {
                    foreach (var record in DpkgDatabase.ParseStatus(bytes, "/var/lib/dpkg/status"))
                    {
                        _ = record.ToString();
                        _ = record.ToInstalledPackage().Nevra;
                        Assert.Equal(record.Name, record.GetField("Package")?.ToLowerInvariant());
                        _ = record.Fields.Count;
                    }
                }
                catch (InvalidDataException e)
                {
                    Assert.StartsWith("/var/lib/dpkg/status: ", e.Message, StringComparison.Ordinal);
                }
            }, iter: 5000);
    }

    [Fact]
    public void Mutated_status_files_are_accepted_or_refused_exactly_as_dpkg_query_does()
    {
        Requires.Tool("dpkg-query");
        var random = new Random(99);
        var seed = Encoding.UTF8.GetBytes(Seed);
        const string interesting = ":\n \t-.~AaZz09";
        using var dir = new TempDirectory();
        const int count = 150;
        var samples = new List<byte[]>(count);
        for (var n = 0; n < count; n++)
        {
            var bytes = (byte[])seed.Clone();
            for (var i = 0; i < 1 + random.Next(3); i++)
            {
                bytes[random.Next(bytes.Length)] = (byte)interesting[random.Next(interesting.Length)];
            }

            if (random.Next(5) == 0)
            {
                bytes = bytes[..random.Next(bytes.Length)];
            }

            samples.Add(bytes);
            var admin = dir.Combine(n.ToString("D3", System.Globalization.CultureInfo.InvariantCulture));
            Directory.CreateDirectory(Path.Combine(admin, "updates"));
            File.WriteAllBytes(Path.Combine(admin, "status"), bytes);
        }

        var script = """
            for d in [0-9][0-9][0-9]; do
              if out=$(dpkg-query --admindir=$d -W -f='${Package} ${Version} ${Architecture} ${db:Status-Abbrev};' 2>/dev/null); then
                echo "ok $out"
              else
                echo "bad"
              fi
            done
            """;
        var judged = Tool.Shell(script, dir.Path).EnsureSuccess("dpkg-query loop").StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(count, judged.Length);
        var mismatches = new StringBuilder();
        for (var n = 0; n < count; n++)
        {
            string ours;
            try
            {
                var present = DpkgDatabase.ParseStatus(samples[n], "/status")
                    .Where(r => r.Status.IsPresent)
                    .Select(r => $"{r.Name} {r.Version} {r.Architecture}")
                    .Order(StringComparer.Ordinal);
                ours = "ok " + string.Join(";", present);
            }
            catch (InvalidDataException)
            {
                ours = "bad";
            }

            var theirs = judged[n];
            if (theirs.StartsWith("ok ", StringComparison.Ordinal))
            {
                var present = theirs[3..].Split(';', StringSplitOptions.RemoveEmptyEntries)
                    .Select(l => l.TrimEnd().Split(' '))
                    .Where(f => f.Length == 4 && f[3].Length >= 2 && f[3][1] is not ('n' or 'c'))
                    .Select(f => $"{f[0]} {f[1]} {f[2]}")
                    .Order(StringComparer.Ordinal);
                theirs = "ok " + string.Join(";", present);
            }

            if (ours != theirs)
            {
                mismatches.AppendLine($"#{n}: dpkg-query '{theirs}', ours '{ours}' for:\n{Encoding.UTF8.GetString(samples[n])}");
            }
        }

        Assert.True(mismatches.Length == 0, mismatches.ToString());
    }
}
