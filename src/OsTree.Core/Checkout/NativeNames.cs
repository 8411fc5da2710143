using System.Runtime.CompilerServices;
using System.Text;
using OsTree.Objects;

namespace OsTree.Checkout;

/// <summary>Encodes names as the NUL-terminated UTF-8 strings the <c>*at</c> syscalls take, without allocating.</summary>
internal static class NativeNames
{
    /// <summary><c>NAME_MAX</c> on Linux: the longest single path component, in bytes.</summary>
    internal const int MaxNameBytes = 255;

    /// <summary>The size of a stack buffer that holds any valid name and its NUL.</summary>
    internal const int NameBufferSize = MaxNameBytes + 1;

    /// <summary>The size of <c>XX/YYYY….file</c> plus its NUL, the loose path of a content object in a bare repository.</summary>
    internal const int ObjectPathBufferSize = 2 + 1 + 62 + 5 + 1;

    /// <summary>
    /// Whether <paramref name="name"/> is one safe path component: not empty, not <c>.</c> or <c>..</c>, and free of
    /// <c>/</c> and NUL, as libostree's <c>ot_util_filename_validate</c> requires of every dirtree entry.
    /// </summary>
    /// <param name="name">The name to test.</param>
    /// <returns><see langword="true"/> when the name can be created inside a directory without leaving it.</returns>
    internal static bool IsValidName(ReadOnlySpan<char> name)
        => name.Length != 0
            && !name.SequenceEqual(".")
            && !name.SequenceEqual("..")
            && name.IndexOfAny('/', '\0') < 0;

    /// <summary>Encodes a validated name and its NUL into <paramref name="buffer"/>.</summary>
    /// <param name="name">The name.</param>
    /// <param name="buffer">At least <see cref="NameBufferSize"/> bytes.</param>
    /// <returns><see langword="false"/> if the name is not a valid component (see <see cref="IsValidName"/>) or longer than <c>NAME_MAX</c>.</returns>
    internal static bool TryEncodeName(ReadOnlySpan<char> name, Span<byte> buffer)
    {
        if (!IsValidName(name))
        {
            return false;
        }

        if (!Encoding.UTF8.TryGetBytes(name, buffer[..MaxNameBytes], out var written))
        {
            return false;
        }

        buffer[written] = 0;
        return true;
    }

    /// <summary>Encodes any string (a path, a symbolic link target) and its NUL.</summary>
    /// <param name="text">The text; must not contain NUL.</param>
    /// <param name="buffer">Large enough for the UTF-8 bytes plus one.</param>
    /// <returns>The number of bytes written, without the NUL; -1 if the buffer is too small or the text holds a NUL.</returns>
    internal static int Encode(ReadOnlySpan<char> text, Span<byte> buffer)
    {
        if (text.Contains('\0') || buffer.IsEmpty || !Encoding.UTF8.TryGetBytes(text, buffer[..^1], out var written))
        {
            return -1;
        }

        buffer[written] = 0;
        return written;
    }

    /// <summary>Writes the loose path of a content object in a bare repository, <c>XX/YYYY….file</c>, and a NUL.</summary>
    /// <param name="checksum">The object id.</param>
    /// <param name="buffer">At least <see cref="ObjectPathBufferSize"/> bytes.</param>
    [SkipLocalsInit]
    internal static void WriteFileObjectPath(in Checksum checksum, Span<byte> buffer)
    {
        Span<char> hex = stackalloc char[Checksum.HexLength];
        checksum.WriteHex(hex);
        buffer[0] = (byte)hex[0];
        buffer[1] = (byte)hex[1];
        buffer[2] = (byte)'/';
        for (var i = 2; i < Checksum.HexLength; i++)
        {
            buffer[i + 1] = (byte)hex[i];
        }

        ".file\0"u8.CopyTo(buffer[(Checksum.HexLength + 1)..]);
    }
}
