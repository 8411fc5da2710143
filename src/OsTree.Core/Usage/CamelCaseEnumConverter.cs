using System.Text.Json;
using System.Text.Json.Serialization;

namespace OsTree.Usage;

/// <summary>Writes enums as camelCase strings (flags as <c>"deleted, otherDeployment"</c>), as the documented JSON says.</summary>
/// <typeparam name="TEnum">The enum.</typeparam>
internal sealed class CamelCaseEnumConverter<TEnum> : JsonStringEnumConverter<TEnum>
    where TEnum : struct, Enum
{
    public CamelCaseEnumConverter()
        : base(JsonNamingPolicy.CamelCase, allowIntegerValues: false)
    {
    }
}
