using System.Text.Json;
using System.Text.RegularExpressions;
using OsTree.Objects;
using OsTree.Processes;
using OsTree.TestSupport;
using OsTree.Usage;

namespace OsTree.Core.Tests.Usage;

/// <summary>The JSON of the space and restart reports has exactly the fields docs/status.md documents, recursively.</summary>
public sealed partial class StatusJsonSchemaTests
{
    private static readonly SpaceAmount Amount = new(8192, 5000, 2);

    [Fact]
    public void Space_report_json_matches_the_documented_schema()
    {
        var report = new SpaceReport(
            "b.0",
            [new DeploymentSpace("a.0", "/s/a.0", false, Amount, Amount, Amount, Amount), new DeploymentSpace("b.0", "/s/b.0", true, Amount, Amount, Amount, Amount)],
            new RepositorySpace("/s/repo/objects", Amount, Amount, Amount, Amount, Amount),
            new SpaceTotals(Amount, Amount, Amount, Amount, Amount),
            Amount,
            Amount,
            3,
            0);
        var json = JsonSerializer.Serialize(report, UsageJsonContext.Default.SpaceReport);
        Check("SpaceReport", JsonDocument.Parse(json).RootElement);
        Assert.Contains("\"freedIfAllOthersDeleted\": {", json, StringComparison.Ordinal);

        var preflight = new PreflightReport(2, 10, 8192, 1 << 20, 4096, (1 << 20) - 4096, true, 0);
        Check("PreflightReport", JsonDocument.Parse(JsonSerializer.Serialize(preflight, UsageJsonContext.Default.PreflightReport)).RootElement);
    }

    [Fact]
    public void Restart_report_json_matches_the_documented_schema_and_round_trips()
    {
        var unit = new SystemdUnit("pipewire.service", SystemdUnitScope.User, 1000);
        var file = new MappedFile("/usr/lib/libfoo.so", "254:1", 42, false, RestartReasons.Deleted | RestartReasons.OtherDeployment, ["a.0"], "usr/lib/libfoo.so", Checksum.Compute([1, 2, 3]));
        var report = new RestartReport([new ProcessFinding(10, 1, 1000, "prog", "/usr/bin/prog", unit, file.Reasons, [file])], [unit], 120, 2);
        var json = JsonSerializer.Serialize(report, RestartJsonContext.Default.RestartReport);
        var root = JsonDocument.Parse(json).RootElement;
        Check("RestartReport", root);
        var mapped = root.GetProperty("processes")[0].GetProperty("files")[0];
        Assert.Equal("deleted, otherDeployment", mapped.GetProperty("reasons").GetString());
        Assert.Equal(Checksum.Compute([1, 2, 3]).ToString(), mapped.GetProperty("object").GetString());
        Assert.Equal("user", root.GetProperty("units")[0].GetProperty("scope").GetString());

        var back = JsonSerializer.Deserialize(json, RestartJsonContext.Default.RestartReport)!;
        Assert.Equal(file.Object, back.Processes[0].Files[0].Object);
        Assert.Equal(file.Reasons, back.Processes[0].Files[0].Reasons);
        Assert.Equal(unit, back.Units[0]);
    }

    private static readonly Lazy<Dictionary<string, Dictionary<string, string>>> Schema = new(ReadSchema);

    private static void Check(string type, JsonElement element)
    {
        Assert.True(Schema.Value.TryGetValue(type, out var fields), $"docs/status.md documents no `{type}`");
        Assert.Equal(JsonValueKind.Object, element.ValueKind);
        var actual = element.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(fields.Keys.Order(StringComparer.Ordinal).ToList(), actual);
        foreach (var (name, fieldType) in fields)
        {
            var value = element.GetProperty(name);
            var nested = TypeName().Match(fieldType);
            if (!nested.Success || value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            if (fieldType.StartsWith("array of", StringComparison.Ordinal))
            {
                Assert.Equal(JsonValueKind.Array, value.ValueKind);
                foreach (var item in value.EnumerateArray())
                {
                    Check(nested.Groups[1].Value, item);
                }
            }
            else
            {
                Check(nested.Groups[1].Value, value);
            }
        }
    }

    // "### `Type`" headings followed by "| `field` | type | meaning |" rows.
    private static Dictionary<string, Dictionary<string, string>> ReadSchema()
    {
        var path = Path.Combine(PublicApiSnapshot.RepositoryRoot(), "docs", "status.md");
        var schema = new Dictionary<string, Dictionary<string, string>>();
        Dictionary<string, string>? current = null;
        foreach (var line in File.ReadLines(path))
        {
            var heading = Heading().Match(line);
            if (heading.Success)
            {
                schema[heading.Groups[1].Value] = current = [];
                continue;
            }

            var row = Row().Match(line);
            if (current is not null && row.Success)
            {
                current[row.Groups[1].Value] = row.Groups[2].Value.Trim();
            }
        }

        return schema;
    }

    [GeneratedRegex(@"^### `(\w+)`$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"^\| `(\w+)` \| ([^|]+) \|")]
    private static partial Regex Row();

    [GeneratedRegex(@"`(\w+)`")]
    private static partial Regex TypeName();
}
