using System.Text;
using System.Text.Json;
using OsTree.GVariant;
using OsTree.TestSupport;

namespace OsTree.Core.Tests.GVariant;

/// <summary>Our normal-form encoding equals GLib's, byte for byte, for random values of random types.</summary>
public sealed class GLibOracleTests
{
    private const string Python = "/usr/bin/python3";

    [Fact]
    public void Random_values_serialize_exactly_as_GLib_serializes_them()
    {
        Requires.Tool(Python);
        Assert.SkipUnless(Tool.Run(Python, "-c", "from gi.repository import GLib").ExitCode == 0, "python3-gi is not installed");

        var random = new RandomGVariant(20261126);
        var values = new List<GVariantValue>();
        var input = new StringBuilder();
        for (var i = 0; i < 600; i++)
        {
            var value = random.NextValue(random.NextType());
            values.Add(value);
            using var stream = new MemoryStream();
            using (var json = new Utf8JsonWriter(stream))
            {
                RandomGVariant.WriteJson(json, value);
            }

            input.Append(Encoding.UTF8.GetString(stream.ToArray())).Append('\n');
        }

        var result = Tool.RunWithInput(null, input.ToString(), Python, "-c", RandomGVariant.OracleScript).EnsureSuccess("GLib oracle");
        var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(values.Count, lines.Length);
        for (var i = 0; i < values.Count; i++)
        {
            var space = lines[i].IndexOf(' ', StringComparison.Ordinal);
            var type = lines[i][..space];
            var expected = Convert.FromHexString(lines[i][(space + 1)..]);
            var value = values[i];
            Assert.Equal(type, value.Type.TypeString);
            var ours = value.ToArray();
            Assert.True(expected.AsSpan().SequenceEqual(ours), $"type {type}: GLib {Convert.ToHexStringLower(expected)}, ours {Convert.ToHexStringLower(ours)}");

            // And GLib's bytes read back to the same value.
            Assert.Equal(value, GVariantValue.Parse(value.Type, expected));
        }
    }

    [Fact]
    public void Large_containers_use_wider_framing_offsets_like_GLib()
    {
        Requires.Tool(Python);
        Assert.SkipUnless(Tool.Run(Python, "-c", "from gi.repository import GLib").ExitCode == 0, "python3-gi is not installed");

        // 70000-byte strings push an array's offsets to 4 bytes; 300 short ones to 2 bytes.
        var big = GVariantValue.FromStrings([new string('x', 70000), "y"]);
        var medium = GVariantValue.FromStrings([.. Enumerable.Range(0, 300).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        const string script = """
            from gi.repository import GLib
            print(GLib.Variant('as', ['x' * 70000, 'y']).get_data_as_bytes().get_data().hex())
            print(GLib.Variant('as', [str(i) for i in range(300)]).get_data_as_bytes().get_data().hex())
            """;
        var lines = Tool.Check(Python, "-c", script).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(lines[0], Convert.ToHexStringLower(big.ToArray()));
        Assert.Equal(lines[1], Convert.ToHexStringLower(medium.ToArray()));
        Assert.Equal(big, GVariantValue.Parse(big.Type, big.ToArray()));
    }
}
