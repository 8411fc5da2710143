using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace OsTree.GVariant;

/// <summary>
/// Serializes one value of a given type in GVariant normal form (zero padding, smallest framing offsets, booleans
/// 0 or 1), the form whose bytes libostree hashes. Values are written depth-first: open a container, write its
/// members in order, close it. Every call is checked against the type.
/// </summary>
/// <remarks>Numbers are written little-endian; callers pre-swap the fields libostree stores big-endian.</remarks>
public sealed class GVariantWriter : IDisposable
{
    private readonly List<Frame> _frames = [];
    private readonly List<int> _offsets = [];
    private byte[] _buffer;
    private int _length;

    /// <summary>Starts writing one value of <paramref name="type"/>.</summary>
    /// <param name="type">The type of the whole value.</param>
    /// <param name="capacity">The initial buffer size.</param>
    public GVariantWriter(GVariantType type, int capacity = 256)
    {
        ArgumentNullException.ThrowIfNull(type);
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(capacity, 16));
        _frames.Add(new Frame(FrameKind.Root, type, 0, 0));
    }

    /// <summary>Whether the value is complete.</summary>
    public bool IsComplete => _frames.Count == 1 && _frames[0].Index == 1;

    /// <summary>The bytes written so far; the whole value once <see cref="IsComplete"/>.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    /// <summary>A copy of the complete value.</summary>
    /// <returns>The serialized bytes.</returns>
    /// <exception cref="InvalidOperationException">The value is not complete.</exception>
    public byte[] ToArray()
    {
        if (!IsComplete)
        {
            throw new InvalidOperationException("The GVariant value is not complete.");
        }

        return WrittenSpan.ToArray();
    }

    /// <summary>Writes a <c>b</c>.</summary>
    /// <param name="value">The value.</param>
    public void WriteBoolean(bool value) => Reserve(GVariantTypeClass.Boolean, 1)[0] = value ? (byte)1 : (byte)0;

    /// <summary>Writes a <c>y</c>.</summary>
    /// <param name="value">The value.</param>
    public void WriteByte(byte value) => Reserve(GVariantTypeClass.Byte, 1)[0] = value;

    /// <summary>Writes an <c>n</c>.</summary>
    /// <param name="value">The value.</param>
    public void WriteInt16(short value) => BinaryPrimitives.WriteInt16LittleEndian(Reserve(GVariantTypeClass.Int16, 2), value);

    /// <summary>Writes a <c>q</c>.</summary>
    /// <param name="value">The value.</param>
    public void WriteUInt16(ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(Reserve(GVariantTypeClass.UInt16, 2), value);

    /// <summary>Writes an <c>i</c>.</summary>
    /// <param name="value">The value.</param>
    public void WriteInt32(int value) => BinaryPrimitives.WriteInt32LittleEndian(Reserve(GVariantTypeClass.Int32, 4), value);

    /// <summary>Writes an <c>h</c>.</summary>
    /// <param name="value">The handle index.</param>
    public void WriteHandle(int value) => BinaryPrimitives.WriteInt32LittleEndian(Reserve(GVariantTypeClass.Handle, 4), value);

    /// <summary>Writes a <c>u</c>.</summary>
    /// <param name="value">The value.</param>
    public void WriteUInt32(uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Reserve(GVariantTypeClass.UInt32, 4), value);

    /// <summary>Writes an <c>x</c>.</summary>
    /// <param name="value">The value.</param>
    public void WriteInt64(long value) => BinaryPrimitives.WriteInt64LittleEndian(Reserve(GVariantTypeClass.Int64, 8), value);

    /// <summary>Writes a <c>t</c>.</summary>
    /// <param name="value">The value.</param>
    public void WriteUInt64(ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Reserve(GVariantTypeClass.UInt64, 8), value);

    /// <summary>Writes a <c>d</c>.</summary>
    /// <param name="value">The value.</param>
    public void WriteDouble(double value) => BinaryPrimitives.WriteDoubleLittleEndian(Reserve(GVariantTypeClass.Double, 8), value);

    /// <summary>Writes an <c>s</c>, <c>o</c> or <c>g</c> (whichever is expected) from UTF-8 bytes.</summary>
    /// <param name="utf8">The bytes, without a NUL.</param>
    /// <exception cref="ArgumentException"><paramref name="utf8"/> contains a NUL.</exception>
    public void WriteString(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Contains((byte)0))
        {
            throw new ArgumentException("A GVariant string cannot contain a NUL.", nameof(utf8));
        }

        var type = Expected();
        if (!type.IsStringLike)
        {
            throw Mismatch(type, "a string");
        }

        Align(1);
        var span = Grow(utf8.Length + 1);
        utf8.CopyTo(span);
        span[^1] = 0;
        Completed(type);
    }

    /// <summary>Writes an <c>s</c>, <c>o</c> or <c>g</c> (whichever is expected).</summary>
    /// <param name="value">The text; it may not contain a NUL.</param>
    public void WriteString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        var rented = max <= 512 ? null : ArrayPool<byte>.Shared.Rent(max);
        Span<byte> scratch = rented ?? stackalloc byte[512];
        try
        {
            var n = Encoding.UTF8.GetBytes(value, scratch);
            WriteString(scratch[..n]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Writes a whole array of a one-byte fixed type (<c>ay</c>, also <c>ab</c>) from raw bytes.</summary>
    /// <param name="bytes">The elements.</param>
    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        var type = Expected();
        if (type.Class != GVariantTypeClass.Array || type.Element.FixedSize != 1)
        {
            throw Mismatch(type, "a byte array");
        }

        Align(1);
        bytes.CopyTo(Grow(bytes.Length));
        Completed(type);
    }

    /// <summary>Opens an array; write its elements, then call <see cref="EndArray"/>.</summary>
    public void BeginArray() => Begin(GVariantTypeClass.Array, FrameKind.Array, null);

    /// <summary>Closes the innermost array, writing its framing offsets.</summary>
    public void EndArray()
    {
        var frame = Pop(FrameKind.Array);
        if (!frame.Type.Element.IsFixedSize)
        {
            WriteOffsets(frame, reverse: false);
        }

        Completed(frame.Type);
    }

    /// <summary>Opens a tuple; write each member, then call <see cref="EndTuple"/>.</summary>
    public void BeginTuple() => Begin(GVariantTypeClass.Tuple, FrameKind.Tuple, null);

    /// <summary>Closes the innermost tuple.</summary>
    public void EndTuple() => EndTupleLike(FrameKind.Tuple);

    /// <summary>Opens a dictionary entry; write the key and the value, then call <see cref="EndDictEntry"/>.</summary>
    public void BeginDictEntry() => Begin(GVariantTypeClass.DictEntry, FrameKind.DictEntry, null);

    /// <summary>Closes the innermost dictionary entry.</summary>
    public void EndDictEntry() => EndTupleLike(FrameKind.DictEntry);

    /// <summary>Opens a variant holding a value of <paramref name="inner"/>; write it, then call <see cref="EndVariant"/>.</summary>
    /// <param name="inner">The type of the value inside.</param>
    public void BeginVariant(GVariantType inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        Begin(GVariantTypeClass.Variant, FrameKind.Variant, inner);
    }

    /// <summary>Closes the innermost variant, appending its type string.</summary>
    public void EndVariant()
    {
        var frame = Pop(FrameKind.Variant);
        var text = frame.Inner!.TypeString;
        var span = Grow(text.Length + 1);
        span[0] = 0;
        Encoding.ASCII.GetBytes(text, span[1..]);
        Completed(frame.Type);
    }

    /// <summary>Writes Nothing for the expected maybe type.</summary>
    public void WriteNothing()
    {
        var type = Expected();
        if (type.Class != GVariantTypeClass.Maybe)
        {
            throw Mismatch(type, "a maybe");
        }

        Align(type.Alignment);
        Completed(type);
    }

    /// <summary>Opens a Just value of the expected maybe type; write the value, then call <see cref="EndMaybe"/>.</summary>
    public void BeginMaybe() => Begin(GVariantTypeClass.Maybe, FrameKind.Maybe, null);

    /// <summary>Closes the innermost Just value.</summary>
    public void EndMaybe()
    {
        var frame = Pop(FrameKind.Maybe);
        if (frame.Index != 1)
        {
            throw new InvalidOperationException("A Just value needs exactly one value.");
        }

        if (!frame.Type.Element.IsFixedSize)
        {
            Grow(1)[0] = 0;
        }

        Completed(frame.Type);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private void EndTupleLike(FrameKind kind)
    {
        var frame = Pop(kind);
        if (frame.Index != frame.Type.ChildArray.Length)
        {
            throw new InvalidOperationException($"The '{frame.Type.TypeString}' has {frame.Type.ChildArray.Length} members; {frame.Index} were written.");
        }

        if (frame.Type.IsFixedSize)
        {
            // Pad to the fixed size (which includes the unit type's single byte).
            var size = _length - frame.Start;
            Grow(frame.Type.FixedSize - size).Clear();
        }
        else
        {
            WriteOffsets(frame, reverse: true);
        }

        Completed(frame.Type);
    }

    private void WriteOffsets(Frame frame, bool reverse)
    {
        var count = _offsets.Count - frame.OffsetsStart;
        if (count == 0)
        {
            return;
        }

        long body = _length - frame.Start;
        var width = body + count <= byte.MaxValue ? 1
            : body + (2L * count) <= ushort.MaxValue ? 2
            : body + (4L * count) <= uint.MaxValue ? 4 : 8;
        var span = Grow(count * width);
        for (var i = 0; i < count; i++)
        {
            var value = (ulong)_offsets[frame.OffsetsStart + (reverse ? count - 1 - i : i)];
            var slot = span.Slice(i * width, width);
            switch (width)
            {
                case 1: slot[0] = (byte)value; break;
                case 2: BinaryPrimitives.WriteUInt16LittleEndian(slot, (ushort)value); break;
                case 4: BinaryPrimitives.WriteUInt32LittleEndian(slot, (uint)value); break;
                default: BinaryPrimitives.WriteUInt64LittleEndian(slot, value); break;
            }
        }

        _offsets.RemoveRange(frame.OffsetsStart, count);
    }

    private void Begin(GVariantTypeClass expected, FrameKind kind, GVariantType? inner)
    {
        var type = Expected();
        if (type.Class != expected)
        {
            throw Mismatch(type, $"'{(char)expected}'");
        }

        Align(type.Alignment);
        _frames.Add(new Frame(kind, type, _length, _offsets.Count) { Inner = inner });
    }

    private Frame Pop(FrameKind kind)
    {
        var frame = _frames[^1];
        if (frame.Kind != kind)
        {
            throw new InvalidOperationException($"Cannot close a {kind} while a {frame.Kind} is open.");
        }

        _frames.RemoveAt(_frames.Count - 1);
        return frame;
    }

    private Span<byte> Reserve(GVariantTypeClass expected, int size)
    {
        var type = Expected();
        if (type.Class != expected)
        {
            throw Mismatch(type, $"'{(char)expected}'");
        }

        Align(size);
        var span = Grow(size);
        Completed(type);
        return span;
    }

    // The type the next value must have.
    private GVariantType Expected()
    {
        var frame = _frames[^1];
        switch (frame.Kind)
        {
            case FrameKind.Root:
            case FrameKind.Maybe:
                if (frame.Index != 0)
                {
                    throw new InvalidOperationException("The value is already complete.");
                }

                return frame.Kind == FrameKind.Root ? frame.Type : frame.Type.Element;
            case FrameKind.Variant:
                if (frame.Index != 0)
                {
                    throw new InvalidOperationException("A variant holds exactly one value.");
                }

                return frame.Inner!;
            case FrameKind.Array:
                return frame.Type.Element;
            default:
                var children = frame.Type.ChildArray;
                if (frame.Index >= children.Length)
                {
                    throw new InvalidOperationException($"The '{frame.Type.TypeString}' has only {children.Length} members.");
                }

                return children[frame.Index];
        }
    }

    // Records the end of a member that just finished, where its container's framing needs it.
    private void Completed(GVariantType type)
    {
        var frame = _frames[^1];
        if (!type.IsFixedSize)
        {
            var end = _length - frame.Start;
            if (frame.Kind == FrameKind.Array
                || (frame.Kind is FrameKind.Tuple or FrameKind.DictEntry && frame.Index < frame.Type.ChildArray.Length - 1))
            {
                _offsets.Add(end);
            }
        }

        frame.Index++;
        _frames[^1] = frame;
    }

    private void Align(int alignment)
    {
        var aligned = GVariantType.Align(_length, alignment);
        if (aligned != _length)
        {
            Grow(aligned - _length).Clear();
        }
    }

    private Span<byte> Grow(int count)
    {
        if (_length + count > _buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + count));
            _buffer.AsSpan(0, _length).CopyTo(bigger);
            if (_buffer.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
            }

            _buffer = bigger;
        }

        var span = _buffer.AsSpan(_length, count);
        _length += count;
        return span;
    }

    private static InvalidOperationException Mismatch(GVariantType expected, string attempted)
        => new($"Expected a value of type '{expected.TypeString}', not {attempted}.");

    private enum FrameKind
    {
        Root,
        Array,
        Tuple,
        DictEntry,
        Variant,
        Maybe,
    }

    private record struct Frame(FrameKind Kind, GVariantType Type, int Start, int OffsetsStart)
    {
        public int Index { get; set; }

        public GVariantType? Inner { get; init; }
    }
}
