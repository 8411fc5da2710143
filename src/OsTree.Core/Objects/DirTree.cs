using OsTree.GVariant;

namespace OsTree.Objects;

/// <summary>
/// A directory listing: the <c>.dirtree</c> object <c>(a(say)a(sayay))</c> with files (name, content checksum) and
/// subdirectories (name, dirtree checksum, dirmeta checksum), each sorted by the bytes of the name. Its name is
/// the sha256 of its bytes.
/// </summary>
/// <remarks>
/// Names are validated as libostree's <c>ostree_validate_filename</c> does (non-empty, not <c>.</c> or <c>..</c>,
/// no <c>/</c>) and must not contain a NUL. Parsing also refuses entries out of order or repeated (within or across
/// the two lists), which libostree never writes and which would make a checkout ambiguous.
/// </remarks>
public sealed class DirTree
{
    internal static readonly GVariantType Type = GVariantType.Parse("(a(say)a(sayay))");

    private readonly DirTreeFile[] _files;
    private readonly DirTreeDirectory[] _directories;

    /// <summary>Creates a dirtree, sorting the entries.</summary>
    /// <param name="files">The files.</param>
    /// <param name="directories">The subdirectories.</param>
    /// <exception cref="ArgumentException">A name is invalid or repeated.</exception>
    public DirTree(IEnumerable<DirTreeFile> files, IEnumerable<DirTreeDirectory> directories)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(directories);
        _files = [.. files];
        _directories = [.. directories];
        Array.Sort(_files, static (a, b) => Utf8Order.Instance.Compare(a.Name, b.Name));
        Array.Sort(_directories, static (a, b) => Utf8Order.Instance.Compare(a.Name, b.Name));
        var problem = Check(_files, _directories);
        if (problem is not null)
        {
            throw new ArgumentException(problem);
        }
    }

    private DirTree(DirTreeFile[] files, DirTreeDirectory[] directories, bool _)
    {
        _files = files;
        _directories = directories;
    }

    /// <summary>The empty directory listing (one byte, <c>00</c>).</summary>
    public static DirTree Empty { get; } = new([], [], false);

    /// <summary>The files, sorted by name.</summary>
    public IReadOnlyList<DirTreeFile> Files => _files;

    /// <summary>The subdirectories, sorted by name.</summary>
    public IReadOnlyList<DirTreeDirectory> Directories => _directories;

    /// <summary>Whether <paramref name="name"/> is acceptable as an entry name.</summary>
    /// <param name="name">The name.</param>
    /// <returns><see langword="true"/> if it is non-empty, not <c>.</c> or <c>..</c>, and has no <c>/</c> or NUL.</returns>
    public static bool IsValidName(ReadOnlySpan<char> name)
        => !name.IsEmpty && name is not "." and not ".." && name.IndexOfAny('/', '\0') < 0;

    /// <summary>Finds a file by name.</summary>
    /// <param name="name">The name.</param>
    /// <param name="file">The entry, when found.</param>
    /// <returns><see langword="true"/> if there is a file of that name.</returns>
    public bool TryGetFile(string name, out DirTreeFile file)
    {
        var i = Array.BinarySearch(_files, new DirTreeFile(name, default), FileComparer.Instance);
        file = i >= 0 ? _files[i] : default;
        return i >= 0;
    }

    /// <summary>Finds a subdirectory by name.</summary>
    /// <param name="name">The name.</param>
    /// <param name="directory">The entry, when found.</param>
    /// <returns><see langword="true"/> if there is a subdirectory of that name.</returns>
    public bool TryGetDirectory(string name, out DirTreeDirectory directory)
    {
        var i = Array.BinarySearch(_directories, new DirTreeDirectory(name, default, default), DirectoryComparer.Instance);
        directory = i >= 0 ? _directories[i] : default;
        return i >= 0;
    }

    /// <summary>Serializes the dirtree.</summary>
    /// <returns>The object's bytes.</returns>
    public byte[] Serialize()
    {
        using var writer = new GVariantWriter(Type, 64 + (_files.Length * 48) + (_directories.Length * 80));
        Span<byte> raw = stackalloc byte[Checksum.ByteLength];
        writer.BeginTuple();
        writer.BeginArray();
        foreach (var f in _files)
        {
            writer.BeginTuple();
            writer.WriteString(f.Name);
            f.Checksum.CopyTo(raw);
            writer.WriteBytes(raw);
            writer.EndTuple();
        }

        writer.EndArray();
        writer.BeginArray();
        foreach (var d in _directories)
        {
            writer.BeginTuple();
            writer.WriteString(d.Name);
            d.TreeChecksum.CopyTo(raw);
            writer.WriteBytes(raw);
            d.MetaChecksum.CopyTo(raw);
            writer.WriteBytes(raw);
            writer.EndTuple();
        }

        writer.EndArray();
        writer.EndTuple();
        return writer.ToArray();
    }

    /// <summary>The object's name: the sha256 of its bytes.</summary>
    /// <returns>The checksum.</returns>
    public Checksum ComputeChecksum() => Checksum.Compute(Serialize());

    /// <summary>Parses and validates a <c>.dirtree</c> object.</summary>
    /// <param name="data">The object's bytes.</param>
    /// <returns>The dirtree.</returns>
    /// <exception cref="InvalidDataException">The bytes are malformed, a name is invalid, or entries are out of order.</exception>
    public static DirTree Parse(ReadOnlySpan<byte> data)
    {
        var reader = new GVariantReader(Type, data);
        var fileList = reader.GetChild(0);
        var dirList = reader.GetChild(1);
        var files = new DirTreeFile[fileList.GetArrayLength()];
        for (var i = 0; i < files.Length; i++)
        {
            var entry = fileList.GetArrayElement(i);
            files[i] = new DirTreeFile(ReadName(entry.GetChild(0)), ReadChecksum(entry.GetChild(1)));
        }

        var directories = new DirTreeDirectory[dirList.GetArrayLength()];
        for (var i = 0; i < directories.Length; i++)
        {
            var entry = dirList.GetArrayElement(i);
            directories[i] = new DirTreeDirectory(ReadName(entry.GetChild(0)), ReadChecksum(entry.GetChild(1)), ReadChecksum(entry.GetChild(2)));
        }

        var problem = CheckSorted(files, directories) ?? Check(files, directories);
        return problem is null ? new DirTree(files, directories, false) : throw new InvalidDataException(problem);
    }

    internal static Checksum ReadChecksum(GVariantReader reader)
    {
        var bytes = reader.GetBytes();
        return bytes.Length == Checksum.ByteLength
            ? new Checksum(bytes)
            : throw new InvalidDataException($"A checksum is {Checksum.ByteLength} bytes, not {bytes.Length}.");
    }

    private static string ReadName(GVariantReader reader)
    {
        var name = reader.GetString();
        return IsValidName(name) ? name : throw new InvalidDataException($"Invalid file name '{name}' in a dirtree.");
    }

    private static string? CheckSorted(DirTreeFile[] files, DirTreeDirectory[] directories)
    {
        for (var i = 1; i < files.Length; i++)
        {
            if (Utf8Order.Instance.Compare(files[i - 1].Name, files[i].Name) >= 0)
            {
                return $"Dirtree files are not sorted and unique at '{files[i].Name}'.";
            }
        }

        for (var i = 1; i < directories.Length; i++)
        {
            if (Utf8Order.Instance.Compare(directories[i - 1].Name, directories[i].Name) >= 0)
            {
                return $"Dirtree directories are not sorted and unique at '{directories[i].Name}'.";
            }
        }

        return null;
    }

    // Entries are sorted: checks names, duplicates within each list and across both.
    private static string? Check(DirTreeFile[] files, DirTreeDirectory[] directories)
    {
        foreach (var f in files)
        {
            if (!IsValidName(f.Name))
            {
                return $"Invalid file name '{f.Name}'.";
            }
        }

        foreach (var d in directories)
        {
            if (!IsValidName(d.Name))
            {
                return $"Invalid directory name '{d.Name}'.";
            }
        }

        for (var i = 1; i < files.Length; i++)
        {
            if (string.Equals(files[i - 1].Name, files[i].Name, StringComparison.Ordinal))
            {
                return $"The name '{files[i].Name}' appears twice.";
            }
        }

        for (var i = 1; i < directories.Length; i++)
        {
            if (string.Equals(directories[i - 1].Name, directories[i].Name, StringComparison.Ordinal))
            {
                return $"The name '{directories[i].Name}' appears twice.";
            }
        }

        int fi = 0, di = 0;
        while (fi < files.Length && di < directories.Length)
        {
            var c = Utf8Order.Instance.Compare(files[fi].Name, directories[di].Name);
            if (c == 0)
            {
                return $"The name '{files[fi].Name}' is both a file and a directory.";
            }

            if (c < 0)
            {
                fi++;
            }
            else
            {
                di++;
            }
        }

        return null;
    }

    private sealed class FileComparer : IComparer<DirTreeFile>
    {
        internal static readonly FileComparer Instance = new();

        public int Compare(DirTreeFile x, DirTreeFile y) => Utf8Order.Instance.Compare(x.Name, y.Name);
    }

    private sealed class DirectoryComparer : IComparer<DirTreeDirectory>
    {
        internal static readonly DirectoryComparer Instance = new();

        public int Compare(DirTreeDirectory x, DirTreeDirectory y) => Utf8Order.Instance.Compare(x.Name, y.Name);
    }
}
