using System.Globalization;
using System.Text;
using OsTree.Packaging.Rpm;
using OsTree.TestSupport;

namespace OsTree.Packaging.Tests;

public sealed class RpmVersionTests
{
    [Theory]
    [InlineData("1.0~rc1", "1.0", -1)]
    [InlineData("1.0~rc1", "1.0~rc2", -1)]
    [InlineData("1.0~~", "1.0~", -1)]
    [InlineData("1.0~", "1.0^", -1)]
    [InlineData("1.0^", "1.0", 1)]
    [InlineData("1.0^git1", "1.0.1", -1)]
    [InlineData("1.0^", "1.0^git", -1)]
    [InlineData("1.0~rc1^git1", "1.0~rc1", 1)]
    [InlineData("1.0^git1", "1.0~rc1", 1)]
    [InlineData("1.0", "1.0.0", -1)]
    [InlineData("1.0a", "1.0", 1)]
    [InlineData("1.0a", "1.0.1", -1)]
    [InlineData("1.a", "1.1", -1)]
    [InlineData("1.0rc1", "1.0", 1)]
    [InlineData("10", "9a", 1)]
    [InlineData("1.01", "1.1", 0)]
    [InlineData("1.10", "1.9", 1)]
    [InlineData("1.0", "1.0+", 0)]
    [InlineData("2.0", "2_0", 0)]
    [InlineData("1.0_1", "1.0.1", 0)]
    [InlineData("1.0.fc33", "1.0.el8", 1)]
    [InlineData("Z", "a", -1)]
    public void Compare_agrees_with_the_documented_rpm_results(string a, string b, int expected)
    {
        Assert.Equal(expected, RpmVersion.Compare(a, b));
        Assert.Equal(-expected, RpmVersion.Compare(b, a));
    }

    [Theory]
    [InlineData("1:1.0", "2.0", 1)]
    [InlineData("5.6.7", "5.6.7-1", -1)]
    [InlineData("0:1.0-1", "1.0-1", 0)]
    [InlineData("1.0-1", "1.0-1.1", -1)]
    [InlineData("2:0.5-3", "1:0.9-1", 1)]
    public void Evr_compare_orders_epoch_then_version_then_release(string a, string b, int expected)
        => Assert.Equal(expected, RpmEvr.Parse(a).CompareTo(RpmEvr.Parse(b)));

    [Fact]
    public void Compare_agrees_with_rpm_vercmp_on_random_pairs()
    {
        Requires.Tool("rpm");
        var random = new Random(4242);
        const string alphabet = "0123456789abZ.~^_+";
        var pairs = new List<(string A, string B)>();
        while (pairs.Count < 3000)
        {
            pairs.Add((Random(random, alphabet), random.Next(4) == 0 ? Random(random, "01.~^a") : Random(random, alphabet)));
        }

        using var dir = new TempDirectory();
        File.WriteAllText(dir.Combine("pairs"), string.Concat(pairs.Select(p => $"{p.A} {p.B}\n")));

        // One rpm process judges every pair with rpm.vercmp; Lua's print would join the output, so write a file.
        var lua = $$"""
            %{lua:
            local out = io.open("{{dir.Combine("judged")}}", "w")
            for line in io.lines("{{dir.Combine("pairs")}}") do
              local a, b = line:match("^(%S+) (%S+)$")
              out:write(rpm.vercmp(a, b), "\n")
            end
            out:close()
            }
            """;
        Tool.Run("rpm", "--eval", lua).EnsureSuccess("rpm --eval lua");
        var judged = File.ReadAllLines(dir.Combine("judged")).Select(s => Math.Sign(int.Parse(s, CultureInfo.InvariantCulture))).ToList();
        Assert.Equal(pairs.Count, judged.Count);
        var mismatches = new StringBuilder();
        for (var i = 0; i < pairs.Count; i++)
        {
            var ours = RpmVersion.Compare(pairs[i].A, pairs[i].B);
            if (ours != judged[i])
            {
                mismatches.AppendLine(CultureInfo.InvariantCulture, $"{pairs[i].A} vs {pairs[i].B}: rpm {judged[i]}, ours {ours}");
            }
        }

        Assert.True(mismatches.Length == 0, mismatches.ToString());
    }

    private static string Random(Random random, string alphabet)
    {
        var length = 1 + random.Next(8);
        var sb = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            sb.Append(alphabet[random.Next(alphabet.Length)]);
        }

        return sb.ToString();
    }
}
