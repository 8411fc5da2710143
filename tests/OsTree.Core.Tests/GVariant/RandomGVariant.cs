using System.Text;
using System.Text.Json;
using OsTree.GVariant;

namespace OsTree.Core.Tests.GVariant;

/// <summary>Random GVariant types and values, and their description for the GLib oracle script.</summary>
internal sealed class RandomGVariant(int seed)
{
    private static readonly string[] Signatures = ["", "s", "a{sv}", "(ii)", "ay", "a(say)", "v", "aas"];
    private readonly Random _random = new(seed);

    public GVariantType NextType(int depth = 0)
    {
        var pick = _random.Next(depth >= 4 ? 14 : 20);
        return pick switch
        {
            0 => GVariantType.Boolean,
            1 => GVariantType.Byte,
            2 => GVariantType.Int16,
            3 => GVariantType.UInt16,
            4 => GVariantType.Int32,
            5 => GVariantType.UInt32,
            6 => GVariantType.Int64,
            7 => GVariantType.UInt64,
            8 => GVariantType.Handle,
            9 => GVariantType.Double,
            10 or 11 => GVariantType.String,
            12 => GVariantType.ObjectPath,
            13 => GVariantType.Signature,
            14 => GVariantType.Variant,
            15 or 16 => GVariantType.ArrayOf(NextType(depth + 1)),
            17 => GVariantType.MaybeOf(NextType(depth + 1)),
            18 => GVariantType.TupleOf([.. Enumerable.Range(0, _random.Next(5)).Select(_ => NextType(depth + 1))]),
            _ => GVariantType.ArrayOf(GVariantType.DictEntryOf(NextBasicType(), NextType(depth + 1))),
        };
    }

    private GVariantType NextBasicType() => _random.Next(4) switch
    {
        0 => GVariantType.String,
        1 => GVariantType.UInt32,
        2 => GVariantType.Byte,
        _ => GVariantType.Int64,
    };

    public GVariantValue NextValue(GVariantType type, int depth = 0)
    {
        switch (type.Class)
        {
            case GVariantTypeClass.Boolean: return GVariantValue.FromBoolean(_random.Next(2) == 1);
            case GVariantTypeClass.Byte: return GVariantValue.FromByte((byte)_random.Next(256));
            case GVariantTypeClass.Int16: return GVariantValue.FromInt16((short)_random.Next(short.MinValue, short.MaxValue + 1));
            case GVariantTypeClass.UInt16: return GVariantValue.FromUInt16((ushort)_random.Next(ushort.MaxValue + 1));
            case GVariantTypeClass.Int32: return GVariantValue.FromInt32(_random.Next(int.MinValue, int.MaxValue));
            case GVariantTypeClass.UInt32: return GVariantValue.FromUInt32((uint)_random.NextInt64(uint.MaxValue + 1L));
            case GVariantTypeClass.Int64: return GVariantValue.FromInt64(_random.NextInt64(long.MinValue, long.MaxValue));
            case GVariantTypeClass.UInt64: return GVariantValue.FromUInt64((ulong)_random.NextInt64(long.MinValue, long.MaxValue));
            case GVariantTypeClass.Handle: return GVariantValue.FromHandle(_random.Next(int.MinValue, int.MaxValue));
            case GVariantTypeClass.Double: return GVariantValue.FromDouble((_random.NextDouble() - 0.5) * Math.Pow(10, _random.Next(-20, 20)));
            case GVariantTypeClass.String: return GVariantValue.FromString(NextString());
            case GVariantTypeClass.ObjectPath:
                return GVariantValue.FromObjectPath(_random.Next(3) == 0 ? "/" : "/" + string.Join('/', Enumerable.Range(0, _random.Next(1, 4)).Select(i => "n_" + _random.Next(100))));
            case GVariantTypeClass.Signature: return GVariantValue.FromSignature(Signatures[_random.Next(Signatures.Length)]);
            case GVariantTypeClass.Variant:
                return GVariantValue.FromVariant(NextValue(depth >= 4 ? GVariantType.UInt32 : NextType(depth + 1), depth + 1));
            case GVariantTypeClass.Maybe:
                return _random.Next(3) == 0 ? GVariantValue.FromNothing(type.Element) : GVariantValue.FromJust(NextValue(type.Element, depth + 1));
            case GVariantTypeClass.Array:
                {
                    // Mostly short arrays, sometimes long enough for 2-byte framing offsets.
                    var count = _random.Next(8) == 0 ? _random.Next(40, 120) : _random.Next(5);
                    return GVariantValue.FromArray(type.Element, [.. Enumerable.Range(0, count).Select(_ => NextValue(type.Element, depth + 1))]);
                }

            case GVariantTypeClass.DictEntry:
                return GVariantValue.FromDictEntry(NextValue(type.Children[0], depth + 1), NextValue(type.Children[1], depth + 1));
            default:
                return GVariantValue.FromTuple([.. type.Children.Select(c => NextValue(c, depth + 1))]);
        }
    }

    private string NextString()
    {
        var length = _random.Next(10) == 0 ? _random.Next(200, 400) : _random.Next(12);
        var text = new StringBuilder();
        for (var i = 0; i < length; i++)
        {
            text.Append(_random.Next(10) switch
            {
                0 => "é",
                1 => "\U0001F600",
                2 => "'",
                _ => (char)('a' + _random.Next(26)),
            });
        }

        return text.ToString();
    }

    /// <summary>A JSON node [type, payload] that the oracle script turns into a GLib.Variant.</summary>
    public static void WriteJson(Utf8JsonWriter json, GVariantValue value)
    {
        json.WriteStartArray();
        json.WriteStringValue(value.Type.TypeString);
        switch (value.Type.Class)
        {
            case GVariantTypeClass.Boolean: json.WriteBooleanValue(value.GetBoolean()); break;
            case GVariantTypeClass.Byte: json.WriteNumberValue(value.GetByte()); break;
            case GVariantTypeClass.Int16: json.WriteNumberValue(value.GetInt16()); break;
            case GVariantTypeClass.UInt16: json.WriteNumberValue(value.GetUInt16()); break;
            case GVariantTypeClass.Int32 or GVariantTypeClass.Handle: json.WriteNumberValue(value.GetInt32()); break;
            case GVariantTypeClass.UInt32: json.WriteNumberValue(value.GetUInt32()); break;
            case GVariantTypeClass.Int64: json.WriteNumberValue(value.GetInt64()); break;
            case GVariantTypeClass.UInt64: json.WriteNumberValue(value.GetUInt64()); break;
            case GVariantTypeClass.Double: json.WriteStringValue(Convert.ToHexString(BitConverter.GetBytes(value.GetDouble()))); break;
            case GVariantTypeClass.String or GVariantTypeClass.ObjectPath or GVariantTypeClass.Signature:
                json.WriteStringValue(value.GetString());
                break;
            default:
                json.WriteStartArray();
                foreach (var item in value.Items)
                {
                    WriteJson(json, item);
                }

                json.WriteEndArray();
                break;
        }

        json.WriteEndArray();
    }

    public const string OracleScript = """
        import sys, json, struct
        from gi.repository import GLib
        def build(node):
            t, p = node
            c = t[0]
            if c in 'bynqiuxhtsog':
                return GLib.Variant(t, p)
            if c == 'd':
                return GLib.Variant('d', struct.unpack('<d', bytes.fromhex(p))[0])
            if c == 'v':
                return GLib.Variant.new_variant(build(p[0]))
            if c == 'm':
                return GLib.Variant.new_maybe(GLib.VariantType.new(t[1:]), build(p[0]) if p else None)
            if c == 'a':
                return GLib.Variant.new_array(GLib.VariantType.new(t[1:]), [build(x) for x in p])
            if c == '{':
                return GLib.Variant.new_dict_entry(build(p[0]), build(p[1]))
            return GLib.Variant.new_tuple(*[build(x) for x in p])
        for line in sys.stdin:
            v = build(json.loads(line))
            print(v.get_type_string() + ' ' + v.get_data_as_bytes().get_data().hex(), flush=False)
        """;
}
