using System.Text.Json.Serialization;

namespace OsTree.Usage;

/// <summary>
/// Source-generated JSON for the space reports, in the shape documented in <c>docs/status.md</c>: camelCase
/// properties, byte counts as integers, no trimming-unsafe reflection.
/// </summary>
/// <example><c>JsonSerializer.Serialize(report, UsageJsonContext.Default.SpaceReport)</c></example>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    Converters = [typeof(ChecksumJsonConverter)])]
[JsonSerializable(typeof(SpaceReport))]
[JsonSerializable(typeof(PreflightReport))]
public sealed partial class UsageJsonContext : JsonSerializerContext;
