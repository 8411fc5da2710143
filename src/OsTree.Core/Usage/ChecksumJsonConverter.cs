using System.Text.Json;
using System.Text.Json.Serialization;
using OsTree.Objects;

namespace OsTree.Usage;

/// <summary>A <see cref="Checksum"/> in JSON: its 64 lowercase hexadecimal characters.</summary>
internal sealed class ChecksumJsonConverter : JsonConverter<Checksum>
{
    public override Checksum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        => Checksum.TryParse(reader.GetString(), out var checksum)
            ? checksum
            : throw new JsonException("A checksum is 64 hexadecimal characters.");

    public override void Write(Utf8JsonWriter writer, Checksum value, JsonSerializerOptions options)
    {
        Span<char> hex = stackalloc char[Checksum.HexLength];
        value.WriteHex(hex);
        writer.WriteStringValue(hex);
    }
}
