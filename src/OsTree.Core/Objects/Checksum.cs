using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace OsTree.Objects;

/// <summary>
/// A SHA-256 object id as libostree uses it: 32 bytes, written as 64 lowercase hexadecimal characters.
/// </summary>
/// <remarks>Ordering is bytewise, which is also the order of the hexadecimal strings.</remarks>
public readonly struct Checksum : IEquatable<Checksum>, IComparable<Checksum>, ISpanFormattable
{
    /// <summary>The number of bytes in a checksum.</summary>
    public const int ByteLength = 32;

    /// <summary>The number of characters in the hexadecimal form.</summary>
    public const int HexLength = 64;

    // Four big-endian words, so that comparing the words compares the bytes.
    private readonly ulong _w0, _w1, _w2, _w3;

    /// <summary>Creates a checksum from its 32 raw bytes.</summary>
    /// <param name="bytes">Exactly 32 bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="bytes"/> is not 32 bytes long.</exception>
    public Checksum(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != ByteLength)
        {
            throw new ArgumentException($"A checksum is {ByteLength} bytes, not {bytes.Length}.", nameof(bytes));
        }

        _w0 = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        _w1 = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        _w2 = BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]);
        _w3 = BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]);
    }

    /// <summary>The SHA-256 of the given bytes.</summary>
    /// <param name="data">The bytes to hash.</param>
    /// <returns>The checksum of <paramref name="data"/>.</returns>
    public static Checksum Compute(ReadOnlySpan<byte> data)
    {
        Span<byte> hash = stackalloc byte[ByteLength];
        SHA256.HashData(data, hash);
        return new Checksum(hash);
    }

    /// <summary>Copies the 32 raw bytes into <paramref name="destination"/>.</summary>
    /// <param name="destination">At least 32 bytes.</param>
    public void CopyTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, _w0);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _w1);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], _w2);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], _w3);
    }

    /// <summary>Returns the 32 raw bytes as a new array.</summary>
    /// <returns>A new 32-byte array.</returns>
    public byte[] ToByteArray()
    {
        var bytes = new byte[ByteLength];
        CopyTo(bytes);
        return bytes;
    }

    /// <summary>Parses 64 hexadecimal characters (either case).</summary>
    /// <param name="hex">The text to parse.</param>
    /// <returns>The checksum.</returns>
    /// <exception cref="FormatException"><paramref name="hex"/> is not 64 hexadecimal characters.</exception>
    public static Checksum Parse(ReadOnlySpan<char> hex)
    {
        if (!TryParse(hex, out var checksum))
        {
            throw new FormatException($"'{hex}' is not a checksum: expected {HexLength} hexadecimal characters.");
        }

        return checksum;
    }

    /// <summary>Parses 64 hexadecimal characters (either case).</summary>
    /// <param name="hex">The text to parse.</param>
    /// <param name="checksum">The checksum, when the text is one.</param>
    /// <returns><see langword="true"/> if <paramref name="hex"/> is exactly 64 hexadecimal characters.</returns>
    public static bool TryParse(ReadOnlySpan<char> hex, out Checksum checksum)
    {
        checksum = default;
        if (hex.Length != HexLength)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[ByteLength];
        for (var i = 0; i < ByteLength; i++)
        {
            var hi = HexValue(hex[2 * i]);
            var lo = HexValue(hex[(2 * i) + 1]);
            if ((hi | lo) < 0)
            {
                return false;
            }

            bytes[i] = (byte)((hi << 4) | lo);
        }

        checksum = new Checksum(bytes);
        return true;
    }

    /// <summary>Whether <paramref name="text"/> is a valid hexadecimal checksum.</summary>
    /// <param name="text">The text to test.</param>
    /// <returns><see langword="true"/> if it parses.</returns>
    public static bool IsValid([NotNullWhen(true)] string? text) => text is not null && TryParse(text, out _);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    /// <summary>Writes the 64 lowercase hexadecimal characters.</summary>
    /// <param name="destination">At least 64 characters.</param>
    public void WriteHex(Span<char> destination)
    {
        Span<byte> bytes = stackalloc byte[ByteLength];
        CopyTo(bytes);
        Convert.TryToHexStringLower(bytes, destination, out _);
    }

    /// <summary>The 64 lowercase hexadecimal characters.</summary>
    /// <returns>The hexadecimal form.</returns>
    public override string ToString() => string.Create(HexLength, this, static (span, c) => c.WriteHex(span));

    /// <inheritdoc/>
    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <inheritdoc/>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        if (destination.Length < HexLength)
        {
            charsWritten = 0;
            return false;
        }

        WriteHex(destination);
        charsWritten = HexLength;
        return true;
    }

    /// <inheritdoc/>
    public bool Equals(Checksum other) => _w0 == other._w0 && _w1 == other._w1 && _w2 == other._w2 && _w3 == other._w3;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Checksum other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => (int)_w0 ^ (int)(_w0 >> 32);

    /// <inheritdoc/>
    public int CompareTo(Checksum other)
    {
        var c = _w0.CompareTo(other._w0);
        if (c != 0)
        {
            return c;
        }

        c = _w1.CompareTo(other._w1);
        if (c != 0)
        {
            return c;
        }

        c = _w2.CompareTo(other._w2);
        return c != 0 ? c : _w3.CompareTo(other._w3);
    }

    /// <summary>Equality.</summary>
    /// <param name="left">The first checksum.</param>
    /// <param name="right">The second checksum.</param>
    /// <returns>Whether both are the same id.</returns>
    public static bool operator ==(Checksum left, Checksum right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    /// <param name="left">The first checksum.</param>
    /// <param name="right">The second checksum.</param>
    /// <returns>Whether the ids differ.</returns>
    public static bool operator !=(Checksum left, Checksum right) => !left.Equals(right);

    /// <summary>Bytewise ordering.</summary>
    /// <param name="left">The first checksum.</param>
    /// <param name="right">The second checksum.</param>
    /// <returns>Whether <paramref name="left"/> sorts first.</returns>
    public static bool operator <(Checksum left, Checksum right) => left.CompareTo(right) < 0;

    /// <summary>Bytewise ordering.</summary>
    /// <param name="left">The first checksum.</param>
    /// <param name="right">The second checksum.</param>
    /// <returns>Whether <paramref name="left"/> sorts last.</returns>
    public static bool operator >(Checksum left, Checksum right) => left.CompareTo(right) > 0;

    /// <summary>Bytewise ordering.</summary>
    /// <param name="left">The first checksum.</param>
    /// <param name="right">The second checksum.</param>
    /// <returns>Whether <paramref name="left"/> does not sort last.</returns>
    public static bool operator <=(Checksum left, Checksum right) => left.CompareTo(right) <= 0;

    /// <summary>Bytewise ordering.</summary>
    /// <param name="left">The first checksum.</param>
    /// <param name="right">The second checksum.</param>
    /// <returns>Whether <paramref name="left"/> does not sort first.</returns>
    public static bool operator >=(Checksum left, Checksum right) => left.CompareTo(right) >= 0;
}
