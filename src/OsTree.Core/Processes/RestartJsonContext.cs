using System.Text.Json.Serialization;
using OsTree.Usage;

namespace OsTree.Processes;

/// <summary>
/// Source-generated JSON for restart reports, in the shape documented in <c>docs/status.md</c>: camelCase
/// properties, enums as camelCase strings (flags joined with <c>", "</c>), checksums as hexadecimal strings.
/// </summary>
/// <example><c>JsonSerializer.Serialize(report, RestartJsonContext.Default.RestartReport)</c></example>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    Converters = [typeof(ChecksumJsonConverter), typeof(CamelCaseEnumConverter<RestartReasons>), typeof(CamelCaseEnumConverter<SystemdUnitScope>)])]
[JsonSerializable(typeof(RestartReport))]
public sealed partial class RestartJsonContext : JsonSerializerContext;
