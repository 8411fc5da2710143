using OsTree.Repositories;

namespace OsTree.Objects;

/// <summary>
/// Where libostree keeps a loose object: <c>objects/&lt;hex[0:2]&gt;/&lt;hex[2:]&gt;.&lt;ext&gt;</c>, lowercase hex,
/// the extension given by the object type (and, for content, by the repository mode).
/// </summary>
public static class ObjectName
{
    /// <summary>The file extension, without dot, of an object type in a repository mode.</summary>
    /// <param name="type">The object type.</param>
    /// <param name="mode">The repository mode (matters only for content: <c>filez</c> in archive mode).</param>
    /// <returns>For example <c>dirtree</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The type is unknown.</exception>
    public static string GetExtension(ObjectType type, RepositoryMode mode) => type switch
    {
        ObjectType.File => mode == RepositoryMode.Archive ? "filez" : "file",
        ObjectType.DirTree => "dirtree",
        ObjectType.DirMeta => "dirmeta",
        ObjectType.Commit => "commit",
        ObjectType.TombstoneCommit => "tombstone-commit",
        ObjectType.CommitMeta => "commitmeta",
        ObjectType.PayloadLink => "payload-link",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown object type."),
    };

    /// <summary>The path of a loose object relative to the repository: <c>objects/ab/cdef….dirtree</c>.</summary>
    /// <param name="checksum">The object's name.</param>
    /// <param name="type">The object type.</param>
    /// <param name="mode">The repository mode.</param>
    /// <returns>The relative path.</returns>
    public static string GetRelativePath(Checksum checksum, ObjectType type, RepositoryMode mode)
    {
        var ext = GetExtension(type, mode);
        return string.Create(8 + Checksum.HexLength + 2 + ext.Length, (checksum, ext), static (span, s) =>
        {
            "objects/".CopyTo(span);
            WritePathInObjects(span[8..], s.checksum, s.ext);
        });
    }

    /// <summary>The path of a loose object relative to <c>objects/</c>: <c>ab/cdef….dirtree</c>.</summary>
    /// <param name="checksum">The object's name.</param>
    /// <param name="type">The object type.</param>
    /// <param name="mode">The repository mode.</param>
    /// <returns>The relative path.</returns>
    public static string GetPathInObjects(Checksum checksum, ObjectType type, RepositoryMode mode)
    {
        var ext = GetExtension(type, mode);
        return string.Create(Checksum.HexLength + 2 + ext.Length, (checksum, ext), static (span, s) => WritePathInObjects(span, s.checksum, s.ext));
    }

    private static void WritePathInObjects(Span<char> span, Checksum checksum, string ext)
    {
        Span<char> hex = stackalloc char[Checksum.HexLength];
        checksum.WriteHex(hex);
        hex[..2].CopyTo(span);
        span[2] = '/';
        hex[2..].CopyTo(span[3..]);
        span[Checksum.HexLength + 1] = '.';
        ext.AsSpan().CopyTo(span[(Checksum.HexLength + 2)..]);
    }

    /// <summary>The longest <see cref="WriteNativeName"/> result: <c>XX/</c>, 62 hex, a dot, <c>tombstone-commit</c>, a NUL.</summary>
    internal const int MaxNativeNameLength = 3 + Checksum.HexLength - 2 + 1 + 16 + 1;

    /// <summary>
    /// Writes a loose object's name as a NUL-terminated ASCII path for a system call, without allocating: relative to
    /// <c>objects/</c> (<c>ab/cdef….file</c>) or, with <paramref name="inPrefixDirectory"/>, to its <c>ab/</c>
    /// directory (<c>cdef….file</c>).
    /// </summary>
    /// <returns>The number of bytes written, the NUL included.</returns>
    internal static int WriteNativeName(Span<byte> destination, Checksum checksum, ObjectType type, RepositoryMode mode, bool inPrefixDirectory)
    {
        Span<byte> raw = stackalloc byte[Checksum.ByteLength];
        checksum.CopyTo(raw);
        Span<byte> hex = stackalloc byte[Checksum.HexLength];
        Convert.TryToHexStringLower(raw, hex, out _);
        var n = 0;
        if (!inPrefixDirectory)
        {
            hex[..2].CopyTo(destination);
            destination[2] = (byte)'/';
            n = 3;
        }

        hex[2..].CopyTo(destination[n..]);
        n += Checksum.HexLength - 2;
        destination[n++] = (byte)'.';
        foreach (var c in GetExtension(type, mode))
        {
            destination[n++] = (byte)c;
        }

        destination[n++] = 0;
        return n;
    }

    /// <summary>
    /// Recognizes a loose object's file name inside an <c>objects/XX</c> directory.
    /// </summary>
    /// <param name="directory">The two-character directory name.</param>
    /// <param name="fileName">The file name (62 hex characters, a dot, an extension).</param>
    /// <param name="mode">The repository mode, which decides whether content is <c>.file</c> or <c>.filez</c>.</param>
    /// <param name="checksum">The object's name.</param>
    /// <param name="type">The object type.</param>
    /// <returns><see langword="true"/> if the names form a loose object of this mode.</returns>
    public static bool TryParse(ReadOnlySpan<char> directory, ReadOnlySpan<char> fileName, RepositoryMode mode, out Checksum checksum, out ObjectType type)
    {
        checksum = default;
        type = default;
        if (directory.Length != 2 || fileName.Length < Checksum.HexLength - 1 || fileName[Checksum.HexLength - 2] != '.')
        {
            return false;
        }

        Span<char> hex = stackalloc char[Checksum.HexLength];
        directory.CopyTo(hex);
        fileName[..(Checksum.HexLength - 2)].CopyTo(hex[2..]);
        foreach (var c in hex)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        ObjectType? parsed = fileName[(Checksum.HexLength - 1)..] switch
        {
            "file" when mode != RepositoryMode.Archive => ObjectType.File,
            "filez" when mode == RepositoryMode.Archive => ObjectType.File,
            "dirtree" => ObjectType.DirTree,
            "dirmeta" => ObjectType.DirMeta,
            "commit" => ObjectType.Commit,
            "tombstone-commit" => ObjectType.TombstoneCommit,
            "commitmeta" => ObjectType.CommitMeta,
            "payload-link" => ObjectType.PayloadLink,
            _ => null,
        };
        if (parsed is null)
        {
            return false;
        }

        type = parsed.Value;
        return Checksum.TryParse(hex, out checksum);
    }
}
