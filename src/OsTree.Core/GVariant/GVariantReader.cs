using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;

namespace OsTree.GVariant;

/// <summary>
/// A view of one serialized GVariant value of a known type, over borrowed bytes. Nothing is copied: children are
/// further views of the same bytes. Every offset and length is checked against the bytes before use; anything
/// inconsistent raises <see cref="InvalidDataException"/>.
/// </summary>
/// <remarks>
/// Reading follows GLib's layout rules. Like GLib it is lenient where libostree relies on it: padding bytes are not
/// required to be zero and a boolean is true when nonzero. Unlike GLib, which substitutes a default value for a
/// malformed child, it throws. Numbers are read in little-endian order, which is what libostree writes in practice;
/// fields that libostree pre-swaps to big-endian are swapped back by the object types.
/// </remarks>
public readonly ref struct GVariantReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly int _depth;

    /// <summary>Creates a view of <paramref name="data"/> as a value of <paramref name="type"/>.</summary>
    /// <param name="type">The type of the value.</param>
    /// <param name="data">Its serialized bytes, starting at an 8-aligned position of the original buffer.</param>
    /// <exception cref="InvalidDataException">The size contradicts a fixed-size type.</exception>
    public GVariantReader(GVariantType type, ReadOnlySpan<byte> data)
        : this(type, data, 0)
    {
    }

    private GVariantReader(GVariantType type, ReadOnlySpan<byte> data, int depth)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (depth > GVariantType.MaxDepth)
        {
            throw new InvalidDataException($"GVariant nested deeper than {GVariantType.MaxDepth} levels.");
        }

        if (type.IsFixedSize && data.Length != type.FixedSize)
        {
            throw new InvalidDataException($"A GVariant '{type.TypeString}' is {type.FixedSize} bytes, not {data.Length}.");
        }

        Type = type;
        _data = data;
        _depth = depth;
    }

    /// <summary>The value's type.</summary>
    public GVariantType Type { get; }

    /// <summary>The value's serialized bytes.</summary>
    public ReadOnlySpan<byte> Data => _data;

    /// <summary>Reads a <c>b</c>; any nonzero byte is true.</summary>
    /// <returns>The boolean.</returns>
    public bool GetBoolean()
    {
        Expect(GVariantTypeClass.Boolean);
        return _data[0] != 0;
    }

    /// <summary>Reads a <c>y</c>.</summary>
    /// <returns>The byte.</returns>
    public byte GetByte()
    {
        Expect(GVariantTypeClass.Byte);
        return _data[0];
    }

    /// <summary>Reads an <c>n</c>.</summary>
    /// <returns>The number.</returns>
    public short GetInt16()
    {
        Expect(GVariantTypeClass.Int16);
        return BinaryPrimitives.ReadInt16LittleEndian(_data);
    }

    /// <summary>Reads a <c>q</c>.</summary>
    /// <returns>The number.</returns>
    public ushort GetUInt16()
    {
        Expect(GVariantTypeClass.UInt16);
        return BinaryPrimitives.ReadUInt16LittleEndian(_data);
    }

    /// <summary>Reads an <c>i</c> or an <c>h</c>.</summary>
    /// <returns>The number.</returns>
    public int GetInt32()
    {
        if (Type.Class != GVariantTypeClass.Handle)
        {
            Expect(GVariantTypeClass.Int32);
        }

        return BinaryPrimitives.ReadInt32LittleEndian(_data);
    }

    /// <summary>Reads a <c>u</c>.</summary>
    /// <returns>The number.</returns>
    public uint GetUInt32()
    {
        Expect(GVariantTypeClass.UInt32);
        return BinaryPrimitives.ReadUInt32LittleEndian(_data);
    }

    /// <summary>Reads an <c>x</c>.</summary>
    /// <returns>The number.</returns>
    public long GetInt64()
    {
        Expect(GVariantTypeClass.Int64);
        return BinaryPrimitives.ReadInt64LittleEndian(_data);
    }

    /// <summary>Reads a <c>t</c>.</summary>
    /// <returns>The number.</returns>
    public ulong GetUInt64()
    {
        Expect(GVariantTypeClass.UInt64);
        return BinaryPrimitives.ReadUInt64LittleEndian(_data);
    }

    /// <summary>Reads a <c>d</c>.</summary>
    /// <returns>The number.</returns>
    public double GetDouble()
    {
        Expect(GVariantTypeClass.Double);
        return BinaryPrimitives.ReadDoubleLittleEndian(_data);
    }

    /// <summary>Reads the bytes of an <c>s</c>, <c>o</c> or <c>g</c> without its terminating NUL.</summary>
    /// <returns>The bytes; they may contain a NUL or invalid UTF-8 (see <see cref="GetString"/> for a checked read).</returns>
    /// <exception cref="InvalidDataException">The value does not end with a NUL.</exception>
    public ReadOnlySpan<byte> GetStringBytes()
    {
        if (!Type.IsStringLike)
        {
            ThrowWrongType("a string");
        }

        if (_data.IsEmpty || _data[^1] != 0)
        {
            throw new InvalidDataException("A GVariant string is not NUL-terminated.");
        }

        return _data[..^1];
    }

    /// <summary>Reads an <c>s</c>, <c>o</c> or <c>g</c> as a .NET string.</summary>
    /// <returns>The string.</returns>
    /// <exception cref="InvalidDataException">The value is not NUL-terminated, holds a NUL, or is not UTF-8.</exception>
    public string GetString()
    {
        var bytes = GetStringBytes();
        if (bytes.Contains((byte)0))
        {
            throw new InvalidDataException("A GVariant string contains a NUL byte.");
        }

        return DecodeUtf8(bytes);
    }

    internal static string DecodeUtf8(ReadOnlySpan<byte> bytes)
    {
        if (!Utf8.IsValid(bytes))
        {
            throw new InvalidDataException("A GVariant string is not valid UTF-8.");
        }

        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>Reads an array of a fixed-size one-byte type (<c>ay</c>, <c>ab</c>) as its raw bytes.</summary>
    /// <returns>The bytes.</returns>
    public ReadOnlySpan<byte> GetBytes()
    {
        if (Type.Class != GVariantTypeClass.Array || Type.Element.FixedSize != 1)
        {
            ThrowWrongType("a byte array");
        }

        return _data;
    }

    /// <summary>The number of elements of an array.</summary>
    /// <returns>The element count, bounded by the number of bytes.</returns>
    /// <exception cref="InvalidDataException">The framing is inconsistent with the size.</exception>
    public int GetArrayLength()
    {
        if (Type.Class != GVariantTypeClass.Array)
        {
            ThrowWrongType("an array");
        }

        var element = Type.Element;
        if (element.IsFixedSize)
        {
            if (_data.Length % element.FixedSize != 0)
            {
                throw new InvalidDataException($"A GVariant '{Type.TypeString}' of {_data.Length} bytes is not a whole number of {element.FixedSize}-byte elements.");
            }

            return _data.Length / element.FixedSize;
        }

        return GetFraming(out _, out _);
    }

    /// <summary>One element of an array.</summary>
    /// <param name="index">The element's index, below <see cref="GetArrayLength"/>.</param>
    /// <returns>A view of the element.</returns>
    /// <exception cref="InvalidDataException">The framing is inconsistent.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is out of range.</exception>
    public GVariantReader GetArrayElement(int index)
    {
        var count = GetArrayLength();
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, count);
        var element = Type.Element;
        if (element.IsFixedSize)
        {
            return new GVariantReader(element, _data.Slice(index * element.FixedSize, element.FixedSize), _depth + 1);
        }

        GetFraming(out var width, out var offsetsStart);
        var start = 0;
        if (index > 0)
        {
            start = GVariantType.Align(ReadOffset(offsetsStart + ((index - 1) * width), width), element.Alignment);
        }

        var end = ReadOffset(offsetsStart + (index * width), width);
        if (start > end || end > offsetsStart)
        {
            throw new InvalidDataException($"A GVariant '{Type.TypeString}' has a bad framing offset for element {index}.");
        }

        return new GVariantReader(element, _data[start..end], _depth + 1);
    }

    /// <summary>The number of members of a tuple or dictionary entry.</summary>
    public int ChildCount => Type.Children.Count;

    /// <summary>One member of a tuple or dictionary entry.</summary>
    /// <param name="index">The member's index.</param>
    /// <returns>A view of the member.</returns>
    /// <exception cref="InvalidDataException">The framing is inconsistent.</exception>
    public GVariantReader GetChild(int index)
    {
        if (Type.Class is not (GVariantTypeClass.Tuple or GVariantTypeClass.DictEntry))
        {
            ThrowWrongType("a tuple");
        }

        var children = Type.ChildArray;
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, children.Length);

        // Offsets of variable-size members (all but the last) sit at the end, the first member's offset last.
        var width = OffsetWidth(_data.Length);
        var offsetsUsed = 0;
        var position = 0;
        for (var i = 0; ; i++)
        {
            var child = children[i];
            var start = GVariantType.Align(position, child.Alignment);
            int end;
            if (child.IsFixedSize)
            {
                end = start + child.FixedSize;
            }
            else if (i == children.Length - 1)
            {
                end = _data.Length - (offsetsUsed * width);
            }
            else
            {
                offsetsUsed++;
                var at = _data.Length - (offsetsUsed * width);
                if (width == 0 || at < 0)
                {
                    throw new InvalidDataException($"A GVariant '{Type.TypeString}' is too short for its framing offsets.");
                }

                end = ReadOffset(at, width);
            }

            var limit = _data.Length - (offsetsUsed * width);
            if (start > end || end > limit)
            {
                throw new InvalidDataException($"A GVariant '{Type.TypeString}' has a bad offset for member {i}.");
            }

            if (i == index)
            {
                return new GVariantReader(child, _data[start..end], _depth + 1);
            }

            position = end;
        }
    }

    /// <summary>The value inside a <c>v</c>, with the type it carries.</summary>
    /// <returns>A view of the inner value.</returns>
    /// <exception cref="InvalidDataException">The variant carries no valid type or is nested too deep.</exception>
    public GVariantReader GetVariant()
    {
        Expect(GVariantTypeClass.Variant);
        var separator = _data.LastIndexOf((byte)0);
        if (separator < 0 || !GVariantType.TryParse(_data[(separator + 1)..], out var inner))
        {
            throw new InvalidDataException("A GVariant variant does not carry a valid type string.");
        }

        return new GVariantReader(inner, _data[..separator], _depth + 1);
    }

    /// <summary>The value inside a maybe, if there is one.</summary>
    /// <param name="value">The inner value, when present.</param>
    /// <returns><see langword="true"/> for Just, <see langword="false"/> for Nothing.</returns>
    /// <exception cref="InvalidDataException">The size contradicts the element type.</exception>
    public bool TryGetMaybe(out GVariantReader value)
    {
        Expect(GVariantTypeClass.Maybe);
        value = default;
        if (_data.IsEmpty)
        {
            return false;
        }

        var element = Type.Element;
        value = new GVariantReader(element, element.IsFixedSize ? _data : _data[..^1], _depth + 1);
        return true;
    }

    internal static int OffsetWidth(long size) => size switch
    {
        0 => 0,
        <= byte.MaxValue => 1,
        <= ushort.MaxValue => 2,
        <= uint.MaxValue => 4,
        _ => 8,
    };

    // The framing of an array of variable-size elements: the last offset says where the offsets begin.
    private int GetFraming(out int width, out int offsetsStart)
    {
        width = OffsetWidth(_data.Length);
        offsetsStart = 0;
        if (_data.IsEmpty)
        {
            return 0;
        }

        if (_data.Length < width)
        {
            throw new InvalidDataException($"A GVariant '{Type.TypeString}' is too short for its framing offsets.");
        }

        var last = ReadOffset(_data.Length - width, width);
        if (last > _data.Length || (_data.Length - last) % width != 0 || last == _data.Length)
        {
            throw new InvalidDataException($"A GVariant '{Type.TypeString}' has a bad final framing offset.");
        }

        offsetsStart = last;
        return (_data.Length - last) / width;
    }

    private int ReadOffset(int at, int width)
    {
        ulong value = width switch
        {
            1 => _data[at],
            2 => BinaryPrimitives.ReadUInt16LittleEndian(_data[at..]),
            4 => BinaryPrimitives.ReadUInt32LittleEndian(_data[at..]),
            _ => BinaryPrimitives.ReadUInt64LittleEndian(_data[at..]),
        };
        if (value > (ulong)_data.Length)
        {
            throw new InvalidDataException($"A GVariant '{Type.TypeString}' has a framing offset beyond its end.");
        }

        return (int)value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Expect(GVariantTypeClass expected)
    {
        if (Type.Class != expected)
        {
            ThrowWrongType($"'{(char)expected}'");
        }
    }

    private void ThrowWrongType(string expected)
        => throw new InvalidOperationException($"The value is of type '{Type.TypeString}', not {expected}.");
}
