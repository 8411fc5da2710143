using OsTree.Packaging.Internal;
using OsTree.Packaging.Rpm.Internal;
using OsTree.Trees;

namespace OsTree.Packaging.Rpm;

/// <summary>
/// rpm's database inside a tree: <c>rpmdb.sqlite</c> (rpm 4.16 and later) or the Berkeley DB <c>Packages</c> hash
/// file, read without rpm, without Berkeley DB, and without ever writing to the tree.
/// </summary>
public sealed class RpmDatabase : IPackageDatabase
{
    /// <summary>The name of the pseudo-packages that hold imported OpenPGP keys; never listed.</summary>
    public const string GpgPubkeyName = "gpg-pubkey";

    private readonly IFileTree _tree;

    /// <summary>Opens the rpm database at a known location of a tree.</summary>
    /// <param name="tree">The tree.</param>
    /// <param name="location">Where the database is (from <see cref="PackageDatabase.Detect"/>).</param>
    /// <exception cref="ArgumentException"><paramref name="location"/> is not an rpm database.</exception>
    public RpmDatabase(IFileTree tree, PackageDatabaseLocation location)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(location);
        if (location.Format != PackageFormat.Rpm)
        {
            throw new ArgumentException($"{location.Description} is not an rpm database.", nameof(location));
        }

        _tree = tree;
        Location = location;
    }

    /// <inheritdoc/>
    public PackageDatabaseLocation Location { get; }

    /// <inheritdoc/>
    public PackageFormat Format => PackageFormat.Rpm;

    /// <summary>
    /// Whether <see cref="ReadPackages"/> checks each header's SHA256HEADER (or SHA1HEADER) against its immutable
    /// region and refuses a mismatch. On by default; it costs one hash of each header.
    /// </summary>
    public bool VerifyHeaderDigests { get; init; } = true;

    /// <summary>Reads every header of the database, <c>gpg-pubkey</c> included, each validated as rpm validates it.</summary>
    /// <param name="cancellationToken">Cancels a long read.</param>
    /// <returns>Pairs of header instance number and header, in instance order.</returns>
    /// <exception cref="InvalidDataException">The database or a header blob is malformed.</exception>
    public IReadOnlyList<KeyValuePair<long, RpmHeader>> ReadHeaders(CancellationToken cancellationToken = default)
    {
        var blobs = ReadBlobs(null, cancellationToken);
        var headers = new List<KeyValuePair<long, RpmHeader>>(blobs.Count);
        foreach (var blob in blobs)
        {
            headers.Add(new(blob.Key, ParseHeader(blob)));
        }

        return headers;
    }

    /// <inheritdoc/>
    public IReadOnlyList<InstalledPackage> ReadPackages(CancellationToken cancellationToken = default)
    {
        var packages = new List<InstalledPackage>();
        if (VerifyHeaderDigests)
        {
            DigestWarmUp.Start();
        }

        // Each blob is lent in the reader's buffer: the header parsed over it is done with before the next blob, and
        // only the package's strings are kept.
        void Add(long key, byte[] buffer, int length)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var header = ParseHeader(key, buffer, length);
            var package = ToPackage(key, header);
            if (package.Name == GpgPubkeyName)
            {
                return;
            }

            if (VerifyHeaderDigests && header.VerifyDigest() == RpmHeaderDigestStatus.Mismatch)
            {
                throw PackageDataError.Create(DatabaseDisplay, package.Name, $"header #{key}: the SHA256HEADER/SHA1HEADER digest does not match the immutable region");
            }

            packages.Add(package);
        }

        if (Location.Kind == PackageDatabaseKind.RpmSqlite)
        {
            SqliteBlobReader.ForEach(_tree, ResolveDatabase(), Add, cancellationToken);
        }
        else
        {
            ReadBerkeleyDb(ResolveDatabase(), null, Add, cancellationToken);
        }

        packages.Sort(static (a, b) =>
        {
            var rc = string.CompareOrdinal(a.Name, b.Name);
            if (rc == 0)
            {
                rc = string.CompareOrdinal(a.Architecture, b.Architecture);
            }

            return rc != 0 ? rc : a.RpmEvr.CompareTo(b.RpmEvr);
        });
        return packages;
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> ReadFiles(InstalledPackage package, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(package);
        var blobs = ReadBlobs(package.DatabaseKey, cancellationToken);
        if (blobs.Count != 1)
        {
            throw new ArgumentException($"{package.Nevra} (header #{package.DatabaseKey}) is not in {Location.Description}.", nameof(package));
        }

        var header = ParseHeader(blobs[0]);
        try
        {
            return header.GetFilePaths();
        }
        catch (InvalidDataException e)
        {
            throw PackageDataError.Create(DatabaseDisplay, package.Name, e.Message, e);
        }
    }

    private string DatabaseDisplay => "/" + Location.DatabasePath;

    private string ResolveDatabase()
        => TreeFiles.TryResolveFile(_tree, Location.DatabasePath, out var resolved, out _)
            ? resolved
            : throw new PackageDatabaseNotFoundException($"{Location.Description} is gone from {_tree.Description}.");

    private List<HeaderBlob> ReadBlobs(long? key, CancellationToken cancellationToken)
    {
        var resolved = ResolveDatabase();

        if (Location.Kind == PackageDatabaseKind.RpmSqlite)
        {
            if (key is null)
            {
                return SqliteBlobReader.ReadAll(_tree, resolved, cancellationToken);
            }

            return SqliteBlobReader.ReadOne(_tree, resolved, key.Value, cancellationToken) is { } one ? [new HeaderBlob(key.Value, one)] : [];
        }

        var blobs = new List<HeaderBlob>();
        ReadBerkeleyDb(resolved, key, (k, buffer, length) => blobs.Add(new HeaderBlob(k, buffer.AsSpan(0, length).ToArray())), cancellationToken);
        return blobs;
    }

    // Hands the headers to onBlob in instance order. Every item's data is read, wanted or not, so that a broken
    // overflow chain anywhere in the file is refused whichever header was asked for.
    private void ReadBerkeleyDb(string resolved, long? key, HeaderBlobHandler onBlob, CancellationToken cancellationToken)
    {
        LocalFileCopy? copy = null;
        try
        {
            var local = _tree.GetLocalPath(resolved);
            if (local is null)
            {
                copy = LocalFileCopy.Create();
                local = copy.Add(_tree, resolved, "Packages", cancellationToken);
            }

            using var stream = new FileStream(local, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.RandomAccess);
            var reader = new BerkeleyDbHashReader(stream, "/" + resolved);
            var items = new List<(uint Number, BerkeleyDbItem Value)>();
            foreach (var (k, value) in reader.Enumerate(cancellationToken))
            {
                if (k.Length != 4)
                {
                    throw PackageDataError.Create("/" + resolved, null, $"a key of {k.Length} bytes, not a 4-byte header number");
                }

                items.Add((reader.KeyToNumber(k), value));
            }

            items.Sort(static (a, b) => a.Number.CompareTo(b.Number));
            using var buffer = new BlobBuffer();
            foreach (var (number, value) in items)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var data = reader.Read(value, buffer, out var length);

                // Key 0 holds rpm's header instance counter, not a header.
                if (number != 0 && (key is null || number == key.Value))
                {
                    onBlob(number, data, length);
                }
            }
        }
        finally
        {
            copy?.Dispose();
        }
    }

    private RpmHeader ParseHeader(HeaderBlob blob) => ParseHeader(blob.Key, blob.Blob, blob.Blob.Length);

    private RpmHeader ParseHeader(long key, byte[] buffer, int length)
    {
        try
        {
            return RpmHeader.ParseIn(buffer, length);
        }
        catch (InvalidDataException e)
        {
            throw PackageDataError.Create(DatabaseDisplay, null, $"header #{key}: {e.Message}", e);
        }
    }

    private InstalledPackage ToPackage(long key, RpmHeader header)
    {
        var name = header.GetString(RpmTag.Name);
        if (string.IsNullOrEmpty(name))
        {
            throw PackageDataError.Create(DatabaseDisplay, null, $"header #{key} has no NAME");
        }

        var version = header.GetString(RpmTag.Version) ?? throw PackageDataError.Create(DatabaseDisplay, name, $"header #{key} has no VERSION");
        var release = header.GetString(RpmTag.Release) ?? throw PackageDataError.Create(DatabaseDisplay, name, $"header #{key} has no RELEASE");
        var epoch = header.GetUInt32Array(RpmTag.Epoch) is [var e, ..] ? e : 0u;
        var installTime = header.GetUInt32Array(RpmTag.InstallTime) is [var t, ..] ? DateTimeOffset.FromUnixTimeSeconds(t) : (DateTimeOffset?)null;
        var size = header.GetUInt64(RpmTag.LongSize) ?? header.GetUInt64(RpmTag.Size);
        return new InstalledPackage(PackageFormat.Rpm, name, epoch, version, release, header.GetString(RpmTag.Arch) ?? "(none)")
        {
            Summary = header.GetString(RpmTag.Summary),
            License = header.GetString(RpmTag.License),
            Source = header.GetString(RpmTag.SourceRpm),
            InstalledSize = size is null ? null : (long)Math.Min(size.Value, long.MaxValue),
            InstallTime = installTime,
            HeaderSha256 = header.GetString(RpmTag.Sha256Header),
            HeaderSha1 = header.GetString(RpmTag.Sha1Header),
            DatabaseKey = key,
        };
    }
}
