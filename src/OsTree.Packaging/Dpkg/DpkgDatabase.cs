using OsTree.Packaging.Dpkg.Internal;
using OsTree.Packaging.Internal;
using OsTree.Trees;

namespace OsTree.Packaging.Dpkg;

/// <summary>
/// dpkg's database inside a tree, read as dpkg itself reads it: <c>status</c> (or the distroless <c>status.d/</c>),
/// then every journal entry in <c>updates/</c> in ascending order, each replacing its package's record.
/// </summary>
public sealed class DpkgDatabase : IPackageDatabase
{
    // dpkg's IMPORTANTMAXLEN.
    private const int MaxUpdateNameLength = 250;

    private readonly IFileTree _tree;

    /// <summary>Opens the dpkg database at a known location of a tree.</summary>
    /// <param name="tree">The tree.</param>
    /// <param name="location">Where the database is (from <see cref="PackageDatabase.Detect"/>).</param>
    /// <exception cref="ArgumentException"><paramref name="location"/> is not a dpkg database.</exception>
    public DpkgDatabase(IFileTree tree, PackageDatabaseLocation location)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(location);
        if (location.Format != PackageFormat.Dpkg)
        {
            throw new ArgumentException($"{location.Description} is not a dpkg database.", nameof(location));
        }

        _tree = tree;
        Location = location;
    }

    /// <summary>Opens the dpkg database in an admin directory such as <c>/var/lib/dpkg</c> (like <c>dpkg-query --admindir</c>).</summary>
    /// <param name="adminDirectory">A local directory holding <c>status</c> or <c>status.d/</c>.</param>
    /// <returns>The database.</returns>
    public static DpkgDatabase OpenAdminDirectory(string adminDirectory)
    {
        var tree = new DirectoryFileTree(adminDirectory);
        var kind = TreeFiles.TryResolveFile(tree, "status", out _, out _) || !TreeFiles.TryResolveDirectory(tree, "status.d", out _)
            ? PackageDatabaseKind.DpkgStatus
            : PackageDatabaseKind.DpkgStatusDirectory;
        return new DpkgDatabase(tree, new PackageDatabaseLocation(kind, string.Empty, string.Empty, []));
    }

    /// <inheritdoc/>
    public PackageDatabaseLocation Location { get; }

    /// <inheritdoc/>
    public PackageFormat Format => PackageFormat.Dpkg;

    /// <summary>Reads every record, in any state (including <c>not-installed</c> selections and <c>config-files</c> leftovers).</summary>
    /// <param name="cancellationToken">Cancels a long read.</param>
    /// <returns>The records, sorted by name then architecture.</returns>
    /// <exception cref="InvalidDataException">A file breaks dpkg's syntax, or the journal is inconsistent.</exception>
    public IReadOnlyList<DpkgPackageRecord> ReadRecords(CancellationToken cancellationToken = default)
    {
        var db = new Dictionary<string, PackageSet>(StringComparer.Ordinal);
        var fields = new List<ControlField>(32);
        if (Location.Kind == PackageDatabaseKind.DpkgStatusDirectory)
        {
            var dir = TreeFiles.Join(Location.Path, "status.d");
            var names = _tree.EnumerateDirectory(dir)
                .Where(e => e.Type == FileTreeEntryType.RegularFile && !e.Name.EndsWith(".md5sums", StringComparison.Ordinal))
                .Select(e => e.Name)
                .Order(StringComparer.Ordinal)
                .ToList();
            foreach (var name in names)
            {
                cancellationToken.ThrowIfCancellationRequested();
                ParseFile(db, fields, TreeFiles.Join(dir, name), update: false, single: false, cancellationToken);
            }
        }
        else
        {
            var status = TreeFiles.Join(Location.Path, "status");
            if (TreeFiles.TryResolveFile(_tree, status, out var resolved, out _))
            {
                ParseFile(db, fields, resolved, update: false, single: false, cancellationToken);
            }
        }

        foreach (var update in ListUpdates())
        {
            cancellationToken.ThrowIfCancellationRequested();
            ParseFile(db, fields, update, update: true, single: true, cancellationToken);
        }

        var records = new List<DpkgPackageRecord>(db.Count);
        foreach (var set in db.Values)
        {
            records.AddRange(set.Records);
        }

        records.Sort(static (a, b) =>
        {
            var rc = string.CompareOrdinal(a.Name, b.Name);
            return rc != 0 ? rc : string.CompareOrdinal(a.Architecture, b.Architecture);
        });
        return records;
    }

    /// <inheritdoc/>
    public IReadOnlyList<InstalledPackage> ReadPackages(CancellationToken cancellationToken = default)
    {
        var records = ReadRecords(cancellationToken);
        var packages = new List<InstalledPackage>(records.Count);
        foreach (var record in records)
        {
            if (record.Status.IsPresent)
            {
                packages.Add(record.ToInstalledPackage());
            }
        }

        return packages;
    }

    /// <summary>
    /// Reads a package's file list from <c>info/</c>: <c>&lt;name&gt;:&lt;arch&gt;.list</c> for Multi-Arch: same
    /// packages when <c>info/format</c> is 1, <c>&lt;name&gt;.list</c> otherwise. Diversions are not applied.
    /// </summary>
    /// <param name="package">A package of this database.</param>
    /// <param name="cancellationToken">Cancels a long read.</param>
    /// <returns>The paths, in file order (directories included, starting with <c>/.</c>); empty when there is no list.</returns>
    public IReadOnlyList<string> ReadFiles(InstalledPackage package, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(package);
        var info = TreeFiles.Join(Location.Path, "info");
        var multiArchFormat = false;
        if (TreeFiles.TryResolveFile(_tree, TreeFiles.Join(info, "format"), out var formatPath, out _))
        {
            var bytes = TreeFiles.ReadAll(_tree, formatPath, out var n);
            multiArchFormat = System.Text.Encoding.ASCII.GetString(bytes, 0, n).Trim() == "1";
        }

        if (DpkgRecordBuilder.PackageNameError(package.Name) is not null || package.Architecture.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{package.Name}' is not a dpkg package name.", nameof(package));
        }

        var name = multiArchFormat && package.MultiArch == DpkgMultiArch.Same ? $"{package.Name}:{package.Architecture}.list" : $"{package.Name}.list";

        if (!TreeFiles.TryResolveFile(_tree, TreeFiles.Join(info, name), out var list, out _))
        {
            return [];
        }

        var data = TreeFiles.ReadAll(_tree, list, out var length);
        var text = System.Text.Encoding.UTF8.GetString(data, 0, length);
        cancellationToken.ThrowIfCancellationRequested();
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private List<string> ListUpdates()
    {
        var dir = TreeFiles.Join(Location.Path, "updates");
        var result = new List<string>();
        if (!TreeFiles.TryResolveDirectory(_tree, dir, out var resolved))
        {
            return result;
        }

        var length = -1;
        foreach (var entry in _tree.EnumerateDirectory(resolved))
        {
            var name = entry.Name;
            if (name.Length == 0 || !name.All(char.IsAsciiDigit))
            {
                continue;
            }

            if (name.Length > MaxUpdateNameLength)
            {
                throw PackageDataError.Create("/" + TreeFiles.Join(resolved, name), null, $"updates directory contains file '{name}' whose name is too long (length={name.Length}, max={MaxUpdateNameLength})");
            }

            if (length < 0)
            {
                length = name.Length;
            }
            else if (name.Length != length)
            {
                throw PackageDataError.Create("/" + resolved, null, $"updates directory contains files with different length names (both {name.Length} and {length})");
            }

            result.Add(name);
        }

        result.Sort(StringComparer.Ordinal);
        for (var i = 0; i < result.Count; i++)
        {
            result[i] = TreeFiles.Join(resolved, result[i]);
        }

        return result;
    }

    private void ParseFile(Dictionary<string, PackageSet> db, List<ControlField> fields, string path, bool update, bool single, CancellationToken cancellationToken)
    {
        if (!TreeFiles.TryResolveFile(_tree, path, out var resolved, out _))
        {
            throw PackageDataError.Create("/" + path, null, "not a regular file");
        }

        var data = TreeFiles.ReadAll(_tree, resolved, out var length);
        ParseData(db, fields, data, length, "/" + path, update, single, cancellationToken);
    }

    /// <summary>Parses a status file's bytes on their own (for tests of the parser).</summary>
    internal static List<DpkgPackageRecord> ParseStatus(byte[] data, string displayName)
    {
        var db = new Dictionary<string, PackageSet>(StringComparer.Ordinal);
        ParseData(db, [], data, data.Length, displayName, update: false, single: false, CancellationToken.None);
        return db.Values.SelectMany(s => s.Records).ToList();
    }

    private static void ParseData(Dictionary<string, PackageSet> db, List<ControlField> fields, byte[] data, int length, string displayName, bool update, bool single, CancellationToken cancellationToken)
    {
        var reader = new ControlStanzaReader(data, length, displayName);
        var done = 0;
        while (reader.TryRead(fields, out var stanzaStart))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (single && done > 0)
            {
                throw reader.Error(fields, "several package info entries found, only one allowed");
            }

            var record = DpkgRecordBuilder.Build(reader, fields, stanzaStart);
            if (!db.TryGetValue(record.Name, out var set))
            {
                set = new PackageSet();
                db.Add(record.Name, set);
            }

            set.Place(record, update, reader, fields);
            done++;
        }
    }

    // A dpkg pkgset: every instance (one per architecture) of one package name.
    private sealed class PackageSet
    {
        public List<DpkgPackageRecord> Records { get; } = new(1);

        private int InstalledInstances => Records.Count(r => r.Status.State != DpkgState.NotInstalled);

        // dpkg's parse_find_pkg_slot() for the status file (one slot per architecture) and for updates (cross-grades).
        public void Place(DpkgPackageRecord record, bool update, ControlStanzaReader reader, List<ControlField> fields)
        {
            // dpkg's parse_find_set_slot(): the installed instances (the new one too, in the status file) must be
            // one that is not Multi-Arch: same, or any number that all are. A second stanza for the same package and
            // architecture counts as well, so dpkg refuses it.
            var (singles, multis) = (0, 0);
            foreach (var r in update ? Records : Records.Append(record))
            {
                if (r.Status.State != DpkgState.NotInstalled)
                {
                    _ = r.MultiArch == DpkgMultiArch.Same ? multis++ : singles++;
                }
            }

            if (singles > 1)
            {
                throw reader.Error(fields, "multiple non-coinstallable package instances present; most probably due to an upgrade from an unofficial dpkg");
            }

            if (singles > 0 && multis > 0)
            {
                throw reader.Error(fields, "mixed non-coinstallable and coinstallable package instances present; most probably due to an upgrade from an unofficial dpkg");
            }

            var selection = !update && record.Status.State == DpkgState.NotInstalled;
            var installed = InstalledInstances;
            if (installed > 1 && !selection && record.MultiArch != DpkgMultiArch.Same)
            {
                throw reader.Error(fields, $"package {record.Name} with field 'Multi-Arch: {MultiArchName(record.MultiArch)}' is not co-installable with {record.Name} which has multiple installed instances");
            }

            int slot;
            if (update && installed == 1)
            {
                var single = Records.FindIndex(r => r.Status.State != DpkgState.NotInstalled);
                slot = Records[single].MultiArch == DpkgMultiArch.Same && record.MultiArch == DpkgMultiArch.Same
                    ? Records.FindIndex(r => r.Architecture == record.Architecture)
                    : single;
            }
            else
            {
                slot = Records.FindIndex(r => r.Architecture == record.Architecture);
            }

            if (slot < 0)
            {
                Records.Add(record);
            }
            else
            {
                Records[slot] = record;
                if (update)
                {
                    // A cross-grade moved the record to another architecture: drop any other record now on that slot.
                    for (var i = Records.Count - 1; i >= 0; i--)
                    {
                        if (i != slot && Records[i].Architecture == record.Architecture)
                        {
                            Records.RemoveAt(i);
                        }
                    }
                }
            }
        }

        private static string MultiArchName(DpkgMultiArch multiArch) => multiArch switch
        {
            DpkgMultiArch.Same => "same",
            DpkgMultiArch.Foreign => "foreign",
            DpkgMultiArch.Allowed => "allowed",
            _ => "no",
        };
    }
}
