using System.Globalization;
using System.Text;

namespace OsTree.GVariant;

/// <summary>
/// An immutable GVariant value of any type, held as a tree: what commit metadata, detached metadata and summaries
/// carry in their <c>a{sv}</c> dictionaries. Hot objects (dirtree, dirmeta, file headers) have their own parsers.
/// </summary>
public sealed class GVariantValue : IEquatable<GVariantValue>
{
    // A number (boxed), a string, a byte[] (for arrays of one-byte elements), a GVariantValue[] (other containers),
    // or null (Nothing).
    private readonly object? _payload;

    private GVariantValue(GVariantType type, object? payload)
    {
        Type = type;
        _payload = payload;
    }

    /// <summary>The value's type.</summary>
    public GVariantType Type { get; }

    /// <summary>Creates a <c>b</c>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The GVariant value.</returns>
    public static GVariantValue FromBoolean(bool value) => new(GVariantType.Boolean, value);

    /// <summary>Creates a <c>y</c>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The GVariant value.</returns>
    public static GVariantValue FromByte(byte value) => new(GVariantType.Byte, value);

    /// <summary>Creates an <c>n</c>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The GVariant value.</returns>
    public static GVariantValue FromInt16(short value) => new(GVariantType.Int16, value);

    /// <summary>Creates a <c>q</c>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The GVariant value.</returns>
    public static GVariantValue FromUInt16(ushort value) => new(GVariantType.UInt16, value);

    /// <summary>Creates an <c>i</c>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The GVariant value.</returns>
    public static GVariantValue FromInt32(int value) => new(GVariantType.Int32, value);

    /// <summary>Creates a <c>u</c>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The GVariant value.</returns>
    public static GVariantValue FromUInt32(uint value) => new(GVariantType.UInt32, value);

    /// <summary>Creates an <c>x</c>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The GVariant value.</returns>
    public static GVariantValue FromInt64(long value) => new(GVariantType.Int64, value);

    /// <summary>Creates a <c>t</c>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The GVariant value.</returns>
    public static GVariantValue FromUInt64(ulong value) => new(GVariantType.UInt64, value);

    /// <summary>Creates an <c>h</c>.</summary>
    /// <param name="value">The handle index.</param>
    /// <returns>The GVariant value.</returns>
    public static GVariantValue FromHandle(int value) => new(GVariantType.Handle, value);

    /// <summary>Creates a <c>d</c>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The GVariant value.</returns>
    public static GVariantValue FromDouble(double value) => new(GVariantType.Double, value);

    /// <summary>Creates an <c>s</c>.</summary>
    /// <param name="value">The text, without NUL.</param>
    /// <returns>The GVariant value.</returns>
    public static GVariantValue FromString(string value) => FromStringLike(GVariantType.String, value);

    /// <summary>Creates an <c>o</c>.</summary>
    /// <param name="value">The object path (not checked against D-Bus rules).</param>
    /// <returns>The GVariant value.</returns>
    public static GVariantValue FromObjectPath(string value) => FromStringLike(GVariantType.ObjectPath, value);

    /// <summary>Creates a <c>g</c>.</summary>
    /// <param name="value">The signature (not checked against D-Bus rules).</param>
    /// <returns>The GVariant value.</returns>
    public static GVariantValue FromSignature(string value) => FromStringLike(GVariantType.Signature, value);

    /// <summary>Creates an <c>ay</c>.</summary>
    /// <param name="bytes">The bytes (copied).</param>
    /// <returns>The GVariant value.</returns>
    public static GVariantValue FromBytes(ReadOnlySpan<byte> bytes) => new(GVariantType.ByteArray, bytes.ToArray());

    /// <summary>Creates an <c>as</c>.</summary>
    /// <param name="values">The strings.</param>
    /// <returns>The GVariant value.</returns>
    public static GVariantValue FromStrings(IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new(GVariantType.StringArray, values.Select(FromString).ToArray());
    }

    /// <summary>Creates an array.</summary>
    /// <param name="elementType">The element type (needed when there are no elements).</param>
    /// <param name="elements">The elements, each of <paramref name="elementType"/>.</param>
    /// <returns>The GVariant value.</returns>
    /// <exception cref="ArgumentException">An element has another type.</exception>
    public static GVariantValue FromArray(GVariantType elementType, IEnumerable<GVariantValue> elements)
    {
        ArgumentNullException.ThrowIfNull(elementType);
        ArgumentNullException.ThrowIfNull(elements);
        var items = elements.ToArray();
        foreach (var item in items)
        {
            if (!item.Type.Equals(elementType))
            {
                throw new ArgumentException($"An element of type '{item.Type}' in an array of '{elementType}'.", nameof(elements));
            }
        }

        var type = GVariantType.ArrayOf(elementType);
        if (elementType.Class is GVariantTypeClass.Byte or GVariantTypeClass.Boolean)
        {
            var bytes = new byte[items.Length];
            for (var i = 0; i < items.Length; i++)
            {
                bytes[i] = items[i]._payload is bool b ? (b ? (byte)1 : (byte)0) : (byte)items[i]._payload!;
            }

            return new(type, bytes);
        }

        return new(type, items);
    }

    /// <summary>Creates a tuple.</summary>
    /// <param name="members">The members, in order.</param>
    /// <returns>The GVariant value.</returns>
    public static GVariantValue FromTuple(params GVariantValue[] members)
    {
        ArgumentNullException.ThrowIfNull(members);
        return new(GVariantType.TupleOf([.. members.Select(m => m.Type)]), members.ToArray());
    }

    /// <summary>Creates a dictionary entry.</summary>
    /// <param name="key">The key, of a basic type.</param>
    /// <param name="value">The value.</param>
    /// <returns>The GVariant value.</returns>
    public static GVariantValue FromDictEntry(GVariantValue key, GVariantValue value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        return new(GVariantType.DictEntryOf(key.Type, value.Type), new[] { key, value });
    }

    /// <summary>Wraps a value in a variant (<c>v</c>).</summary>
    /// <param name="inner">The value inside.</param>
    /// <returns>The GVariant value.</returns>
    public static GVariantValue FromVariant(GVariantValue inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        return new(GVariantType.Variant, new[] { inner });
    }

    /// <summary>Creates a Just value of a maybe type.</summary>
    /// <param name="inner">The value inside.</param>
    /// <returns>The GVariant value.</returns>
    public static GVariantValue FromJust(GVariantValue inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        return new(GVariantType.MaybeOf(inner.Type), new[] { inner });
    }

    /// <summary>Creates Nothing of a maybe type.</summary>
    /// <param name="elementType">The type a Just value would hold.</param>
    /// <returns>The GVariant value.</returns>
    public static GVariantValue FromNothing(GVariantType elementType) => new(GVariantType.MaybeOf(elementType), null);

    private static GVariantValue FromStringLike(GVariantType type, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("A GVariant string cannot contain a NUL.", nameof(value));
        }

        return new(type, value);
    }

    /// <summary>The boolean of a <c>b</c>.</summary>
    /// <returns>The value.</returns>
    public bool GetBoolean() => Get<bool>(GVariantTypeClass.Boolean);

    /// <summary>The number of a <c>y</c>.</summary>
    /// <returns>The value.</returns>
    public byte GetByte() => Get<byte>(GVariantTypeClass.Byte);

    /// <summary>The number of an <c>n</c>.</summary>
    /// <returns>The value.</returns>
    public short GetInt16() => Get<short>(GVariantTypeClass.Int16);

    /// <summary>The number of a <c>q</c>.</summary>
    /// <returns>The value.</returns>
    public ushort GetUInt16() => Get<ushort>(GVariantTypeClass.UInt16);

    /// <summary>The number of an <c>i</c> or <c>h</c>.</summary>
    /// <returns>The value.</returns>
    public int GetInt32() => Type.Class == GVariantTypeClass.Handle ? (int)_payload! : Get<int>(GVariantTypeClass.Int32);

    /// <summary>The number of a <c>u</c>.</summary>
    /// <returns>The value.</returns>
    public uint GetUInt32() => Get<uint>(GVariantTypeClass.UInt32);

    /// <summary>The number of an <c>x</c>.</summary>
    /// <returns>The value.</returns>
    public long GetInt64() => Get<long>(GVariantTypeClass.Int64);

    /// <summary>The number of a <c>t</c>.</summary>
    /// <returns>The value.</returns>
    public ulong GetUInt64() => Get<ulong>(GVariantTypeClass.UInt64);

    /// <summary>The number of a <c>d</c>.</summary>
    /// <returns>The value.</returns>
    public double GetDouble() => Get<double>(GVariantTypeClass.Double);

    /// <summary>The text of an <c>s</c>, <c>o</c> or <c>g</c>.</summary>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidOperationException">The value is not a string.</exception>
    public string GetString() => Type.IsStringLike ? (string)_payload! : throw WrongType("a string");

    /// <summary>The bytes of an array of a one-byte type (<c>ay</c>, <c>ab</c>).</summary>
    /// <returns>The bytes.</returns>
    /// <exception cref="InvalidOperationException">The value is not such an array.</exception>
    public ReadOnlyMemory<byte> GetBytes() => _payload as byte[] ?? throw WrongType("a byte array");

    /// <summary>The strings of an <c>as</c>.</summary>
    /// <returns>The strings.</returns>
    public IReadOnlyList<string> GetStrings()
    {
        if (Type.Class != GVariantTypeClass.Array || !Type.Element.IsStringLike)
        {
            throw WrongType("a string array");
        }

        return [.. Items.Select(i => i.GetString())];
    }

    /// <summary>
    /// The members of a tuple or dictionary entry, the elements of an array, the value inside a variant, or the
    /// value inside a Just (none for Nothing).
    /// </summary>
    public IReadOnlyList<GVariantValue> Items => _payload switch
    {
        GVariantValue[] items => items,
        byte[] bytes => [.. bytes.Select(b => Type.Element.Class == GVariantTypeClass.Boolean ? FromBoolean(b != 0) : FromByte(b))],
        null when Type.Class == GVariantTypeClass.Maybe => [],
        _ => throw WrongType("a container"),
    };

    /// <summary>The value inside a variant.</summary>
    /// <returns>The inner value.</returns>
    public GVariantValue GetVariant() => Type.Class == GVariantTypeClass.Variant ? ((GVariantValue[])_payload!)[0] : throw WrongType("a variant");

    private T Get<T>(GVariantTypeClass expected) => Type.Class == expected ? (T)_payload! : throw WrongType($"'{(char)expected}'");

    private InvalidOperationException WrongType(string expected) => new($"The value is of type '{Type}', not {expected}.");

    /// <summary>Reads and fully validates a serialized value.</summary>
    /// <param name="type">Its type.</param>
    /// <param name="data">Its bytes.</param>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidDataException">The bytes are not a valid value of <paramref name="type"/>.</exception>
    public static GVariantValue Parse(GVariantType type, ReadOnlySpan<byte> data) => Read(new GVariantReader(type, data));

    /// <summary>Reads and fully validates the value a reader views.</summary>
    /// <param name="reader">The view.</param>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidDataException">The bytes are not a valid value.</exception>
    public static GVariantValue Read(GVariantReader reader)
    {
        var type = reader.Type;
        switch (type.Class)
        {
            case GVariantTypeClass.Boolean: return FromBoolean(reader.GetBoolean());
            case GVariantTypeClass.Byte: return FromByte(reader.GetByte());
            case GVariantTypeClass.Int16: return FromInt16(reader.GetInt16());
            case GVariantTypeClass.UInt16: return FromUInt16(reader.GetUInt16());
            case GVariantTypeClass.Int32: return FromInt32(reader.GetInt32());
            case GVariantTypeClass.UInt32: return FromUInt32(reader.GetUInt32());
            case GVariantTypeClass.Int64: return FromInt64(reader.GetInt64());
            case GVariantTypeClass.UInt64: return FromUInt64(reader.GetUInt64());
            case GVariantTypeClass.Handle: return FromHandle(reader.GetInt32());
            case GVariantTypeClass.Double: return FromDouble(reader.GetDouble());
            case GVariantTypeClass.String or GVariantTypeClass.ObjectPath or GVariantTypeClass.Signature:
                return new(type, reader.GetString());
            case GVariantTypeClass.Variant:
                return new(type, new[] { Read(reader.GetVariant()) });
            case GVariantTypeClass.Maybe:
                return reader.TryGetMaybe(out var just) ? new(type, new[] { Read(just) }) : new(type, null);
            case GVariantTypeClass.Array:
                {
                    if (type.Element.Class is GVariantTypeClass.Byte or GVariantTypeClass.Boolean)
                    {
                        var bytes = reader.GetBytes().ToArray();
                        if (type.Element.Class == GVariantTypeClass.Boolean)
                        {
                            for (var i = 0; i < bytes.Length; i++)
                            {
                                bytes[i] = bytes[i] != 0 ? (byte)1 : (byte)0;
                            }
                        }

                        return new(type, bytes);
                    }

                    var count = reader.GetArrayLength();
                    var items = new GVariantValue[count];
                    for (var i = 0; i < count; i++)
                    {
                        items[i] = Read(reader.GetArrayElement(i));
                    }

                    return new(type, items);
                }

            default:
                {
                    var members = new GVariantValue[reader.ChildCount];
                    for (var i = 0; i < members.Length; i++)
                    {
                        members[i] = Read(reader.GetChild(i));
                    }

                    return new(type, members);
                }
        }
    }

    /// <summary>Serializes the value in normal form.</summary>
    /// <returns>The bytes.</returns>
    public byte[] ToArray()
    {
        using var writer = new GVariantWriter(Type);
        WriteTo(writer);
        return writer.ToArray();
    }

    /// <summary>Writes the value as the next value of <paramref name="writer"/>.</summary>
    /// <param name="writer">The writer.</param>
    public void WriteTo(GVariantWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        switch (Type.Class)
        {
            case GVariantTypeClass.Boolean: writer.WriteBoolean((bool)_payload!); break;
            case GVariantTypeClass.Byte: writer.WriteByte((byte)_payload!); break;
            case GVariantTypeClass.Int16: writer.WriteInt16((short)_payload!); break;
            case GVariantTypeClass.UInt16: writer.WriteUInt16((ushort)_payload!); break;
            case GVariantTypeClass.Int32: writer.WriteInt32((int)_payload!); break;
            case GVariantTypeClass.UInt32: writer.WriteUInt32((uint)_payload!); break;
            case GVariantTypeClass.Int64: writer.WriteInt64((long)_payload!); break;
            case GVariantTypeClass.UInt64: writer.WriteUInt64((ulong)_payload!); break;
            case GVariantTypeClass.Handle: writer.WriteHandle((int)_payload!); break;
            case GVariantTypeClass.Double: writer.WriteDouble((double)_payload!); break;
            case GVariantTypeClass.String or GVariantTypeClass.ObjectPath or GVariantTypeClass.Signature:
                writer.WriteString((string)_payload!);
                break;
            case GVariantTypeClass.Variant:
                {
                    var inner = ((GVariantValue[])_payload!)[0];
                    writer.BeginVariant(inner.Type);
                    inner.WriteTo(writer);
                    writer.EndVariant();
                    break;
                }

            case GVariantTypeClass.Maybe:
                if (_payload is GVariantValue[] just)
                {
                    writer.BeginMaybe();
                    just[0].WriteTo(writer);
                    writer.EndMaybe();
                }
                else
                {
                    writer.WriteNothing();
                }

                break;
            case GVariantTypeClass.Array:
                if (_payload is byte[] bytes)
                {
                    writer.WriteBytes(bytes);
                    break;
                }

                writer.BeginArray();
                foreach (var item in (GVariantValue[])_payload!)
                {
                    item.WriteTo(writer);
                }

                writer.EndArray();
                break;
            case GVariantTypeClass.Tuple:
                writer.BeginTuple();
                foreach (var item in (GVariantValue[])_payload!)
                {
                    item.WriteTo(writer);
                }

                writer.EndTuple();
                break;
            default:
                writer.BeginDictEntry();
                foreach (var item in (GVariantValue[])_payload!)
                {
                    item.WriteTo(writer);
                }

                writer.EndDictEntry();
                break;
        }
    }

    /// <inheritdoc/>
    public bool Equals(GVariantValue? other)
    {
        if (other is null || !Type.Equals(other.Type))
        {
            return false;
        }

        return (_payload, other._payload) switch
        {
            (null, null) => true,
            (byte[] a, byte[] b) => a.AsSpan().SequenceEqual(b),
            (GVariantValue[] a, GVariantValue[] b) => a.SequenceEqual(b),
            (double a, double b) => BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b),
            (var a, var b) => Equals(a, b),
        };
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as GVariantValue);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Type, _payload is string s ? s.GetHashCode(StringComparison.Ordinal) : 0);

    /// <summary>The value in GLib's text format with type annotations, as <c>ostree show</c> prints metadata.</summary>
    /// <returns>For example <c>['stable']</c>, <c>uint64 5</c> or <c>&lt;'1.0'&gt;</c>.</returns>
    public override string ToString()
    {
        var text = new StringBuilder();
        Print(text, annotate: true);
        return text.ToString();
    }

    private void Print(StringBuilder text, bool annotate)
    {
        var inv = CultureInfo.InvariantCulture;
        switch (Type.Class)
        {
            case GVariantTypeClass.Boolean: text.Append((bool)_payload! ? "true" : "false"); break;
            case GVariantTypeClass.Byte: text.Append(annotate ? "byte " : string.Empty).Append(inv, $"0x{(byte)_payload!:x2}"); break;
            case GVariantTypeClass.Int16: text.Append(annotate ? "int16 " : string.Empty).Append((short)_payload!); break;
            case GVariantTypeClass.UInt16: text.Append(annotate ? "uint16 " : string.Empty).Append((ushort)_payload!); break;
            case GVariantTypeClass.Int32: text.Append((int)_payload!); break;
            case GVariantTypeClass.UInt32: text.Append(annotate ? "uint32 " : string.Empty).Append((uint)_payload!); break;
            case GVariantTypeClass.Int64: text.Append(annotate ? "int64 " : string.Empty).Append((long)_payload!); break;
            case GVariantTypeClass.UInt64: text.Append(annotate ? "uint64 " : string.Empty).Append((ulong)_payload!); break;
            case GVariantTypeClass.Handle: text.Append(annotate ? "handle " : string.Empty).Append((int)_payload!); break;
            case GVariantTypeClass.Double: text.Append(((double)_payload!).ToString("R", inv)); break;
            case GVariantTypeClass.String: AppendQuoted(text, (string)_payload!); break;
            case GVariantTypeClass.ObjectPath: text.Append(annotate ? "objectpath " : string.Empty); AppendQuoted(text, (string)_payload!); break;
            case GVariantTypeClass.Signature: text.Append(annotate ? "signature " : string.Empty); AppendQuoted(text, (string)_payload!); break;
            case GVariantTypeClass.Variant:
                text.Append('<');
                GetVariant().Print(text, annotate: true);
                text.Append('>');
                break;
            case GVariantTypeClass.Maybe:
                if (_payload is GVariantValue[] just)
                {
                    text.Append("just ");
                    just[0].Print(text, annotate);
                }
                else
                {
                    text.Append("nothing");
                }

                break;
            case GVariantTypeClass.Array when _payload is byte[] bytes && Type.Element.Class == GVariantTypeClass.Byte:
                text.Append(annotate && bytes.Length == 0 ? "@ay " : string.Empty).Append('[');
                for (var i = 0; i < bytes.Length; i++)
                {
                    text.Append(i == 0 ? string.Empty : ", ").Append(inv, $"0x{bytes[i]:x2}");
                }

                text.Append(']');
                break;
            case GVariantTypeClass.Array when Type.Element.Class == GVariantTypeClass.DictEntry:
                {
                    var items = Items;
                    text.Append(annotate && items.Count == 0 ? $"@{Type} " : string.Empty).Append('{');
                    for (var i = 0; i < items.Count; i++)
                    {
                        text.Append(i == 0 ? string.Empty : ", ");
                        items[i].Items[0].Print(text, annotate && i == 0);
                        text.Append(": ");
                        items[i].Items[1].Print(text, annotate && i == 0);
                    }

                    text.Append('}');
                    break;
                }

            case GVariantTypeClass.Array:
                {
                    var items = Items;
                    text.Append(annotate && items.Count == 0 ? $"@{Type} " : string.Empty).Append('[');
                    for (var i = 0; i < items.Count; i++)
                    {
                        text.Append(i == 0 ? string.Empty : ", ");
                        items[i].Print(text, annotate && i == 0);
                    }

                    text.Append(']');
                    break;
                }

            case GVariantTypeClass.DictEntry:
                text.Append('{');
                Items[0].Print(text, annotate);
                text.Append(", ");
                Items[1].Print(text, annotate);
                text.Append('}');
                break;
            default:
                {
                    var items = Items;
                    text.Append('(');
                    for (var i = 0; i < items.Count; i++)
                    {
                        text.Append(i == 0 ? string.Empty : ", ");
                        items[i].Print(text, annotate);
                    }

                    text.Append(items.Count == 1 ? ",)" : ")");
                    break;
                }
        }
    }

    private static void AppendQuoted(StringBuilder text, string value)
    {
        var quote = value.Contains('\'', StringComparison.Ordinal) && !value.Contains('"', StringComparison.Ordinal) ? '"' : '\'';
        text.Append(quote);
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': text.Append(@"\\"); break;
                case '\n': text.Append(@"\n"); break;
                case '\t': text.Append(@"\t"); break;
                case '\r': text.Append(@"\r"); break;
                default:
                    if (c == quote)
                    {
                        text.Append('\\');
                    }

                    if (char.IsControl(c))
                    {
                        text.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
                    }
                    else
                    {
                        text.Append(c);
                    }

                    break;
            }
        }

        text.Append(quote);
    }
}
