using OsTree.Objects;

namespace OsTree.Repositories;

/// <summary>
/// A libostree repository on disk: the <c>config</c> key file, content-addressed objects under <c>objects/</c>,
/// refs under <c>refs/</c>, in one of the four modes. Repositories made here are read by the <c>ostree</c> CLI and
/// vice versa; objects and commit ids are byte-identical to libostree's.
/// </summary>
/// <remarks>
/// Instances hold no open resources and are safe to use from several threads for reading. Writes go through a
/// <see cref="RepositoryTransaction"/>, which takes libostree's shared lock on <c>.lock</c>, stages objects under
/// <c>tmp/</c>, syncs and renames them into place.
/// </remarks>
public sealed partial class Repository
{
    /// <summary>libostree caps metadata objects at 128 MiB; a larger one is refused as malformed.</summary>
    public const int MaxMetadataSize = 128 * 1024 * 1024;

    private static readonly string[] LayoutDirectories =
        ["objects", "refs", "refs/heads", "refs/remotes", "refs/mirrors", "tmp", "tmp/cache", "state", "extensions"];

    // A mode value libostree does not know, so that it refuses the repository ("Invalid mode") rather than
    // inflating LZ4 chunks as deflate. A repo_version bump would be refused too, but says less about why.
    private const string Lz4ModeName = "archive-lz4";

    private KeyFile _config;

    private Repository(string path, KeyFile config, RepositoryMode mode, ArchiveCompression compression)
    {
        Path = path;
        _config = config;
        Mode = mode;
        ArchiveCompression = compression;
        ApplyConfig(config);
    }

    /// <summary>The repository's absolute path.</summary>
    public string Path { get; }

    /// <summary>How content objects are stored.</summary>
    public RepositoryMode Mode { get; }

    /// <summary>How content objects of an archive repository are compressed: <see cref="ArchiveCompression.Deflate"/>
    /// (libostree's) unless the config says <c>mode=archive-lz4</c>. Always deflate for the other modes.</summary>
    public ArchiveCompression ArchiveCompression { get; }

    /// <summary>The <c>core.mode</c> value of this repository (<c>archive-z2</c>, <c>archive-lz4</c>, <c>bare-user</c>, …).</summary>
    public string ModeName => ArchiveCompression == ArchiveCompression.Lz4 ? Lz4ModeName : ModeToString(Mode);

    /// <summary>A copy of the <c>config</c> key file (unknown groups and keys included).</summary>
    public KeyFile Config => KeyFile.Parse(_config.ToString());

    /// <summary>The deflate level of archive content (<c>[archive] zlib-level</c>, 1–9, default 6).</summary>
    public int CompressionLevel { get; private set; }

    /// <summary>Whether writes are synced to disk (<c>core.fsync</c>, default true).</summary>
    public bool SyncWrites { get; private set; }

    /// <summary>How long to wait for the repository lock (<c>core.lock-timeout-secs</c>, default 30).</summary>
    public TimeSpan LockTimeout { get; private set; }

    internal string ObjectsPath => Path + "/objects";

    internal string TmpPath => Path + "/tmp";

    /// <summary>Creates a repository (libostree's <c>ostree init --mode=…</c>), or opens it if one of the same mode exists.</summary>
    /// <param name="path">The directory; created if missing.</param>
    /// <param name="mode">How content objects will be stored.</param>
    /// <returns>The repository.</returns>
    /// <exception cref="RepositoryConfigException">A repository of another mode, or something that is not a repository, is already there.</exception>
    public static Repository Create(string path, RepositoryMode mode) => Create(path, mode, ArchiveCompression.Deflate);

    /// <summary>
    /// Creates a repository whose archive objects use <paramref name="compression"/>, or opens it if one of the same
    /// mode and compression exists. <see cref="ArchiveCompression.Lz4"/> writes <c>mode=archive-lz4</c>, which libostree
    /// refuses to open.
    /// </summary>
    /// <param name="path">The directory; created if missing.</param>
    /// <param name="mode">How content objects will be stored.</param>
    /// <param name="compression">The compression of archive content objects.</param>
    /// <returns>The repository.</returns>
    /// <exception cref="ArgumentException"><paramref name="compression"/> is LZ4 and <paramref name="mode"/> is not archive.</exception>
    /// <exception cref="RepositoryConfigException">A repository of another mode, or something that is not a repository, is already there.</exception>
    public static Repository Create(string path, RepositoryMode mode, ArchiveCompression compression)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (compression != ArchiveCompression.Deflate && mode != RepositoryMode.Archive)
        {
            throw new ArgumentException("Only archive repositories compress their content objects.", nameof(compression));
        }

        var full = System.IO.Path.GetFullPath(path).TrimEnd('/');
        var configPath = full + "/config";
        if (File.Exists(configPath))
        {
            var existing = Open(full);
            return existing.Mode == mode && existing.ArchiveCompression == compression
                ? existing
                : throw new RepositoryConfigException($"{full} is already a repository in mode {existing.ModeName}.");
        }

        Directory.CreateDirectory(full);
        foreach (var dir in LayoutDirectories)
        {
            Directory.CreateDirectory(full + "/" + dir);
        }

        var lockOptions = new FileStreamOptions
        {
            Mode = FileMode.OpenOrCreate,
            Access = FileAccess.ReadWrite,
            Share = FileShare.ReadWrite | FileShare.Delete,
        };
        if (!OperatingSystem.IsWindows())
        {
            // libostree creates .lock 0660 (before the umask).
            lockOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite;
        }

        new FileStream(full + "/.lock", lockOptions).Dispose();

        var config = new KeyFile();
        config.SetRawValue("core", "repo_version", "1");
        config.SetRawValue("core", "mode", compression == ArchiveCompression.Lz4 ? Lz4ModeName : ModeToString(mode));
        WriteFileAtomically(configPath, System.Text.Encoding.UTF8.GetBytes(config.ToString()), sync: true);
        PosixFile.FsyncDirectory(full);
        return new Repository(full, config, mode, compression);
    }

    /// <summary>Opens an existing repository.</summary>
    /// <param name="path">The repository directory (the one holding <c>config</c>).</param>
    /// <returns>The repository.</returns>
    /// <exception cref="RepositoryConfigException">There is no valid repository there.</exception>
    public static Repository Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = System.IO.Path.GetFullPath(path).TrimEnd('/');
        var configPath = full + "/config";
        if (!File.Exists(configPath) || !Directory.Exists(full + "/objects"))
        {
            throw new RepositoryConfigException($"{full} is not a repository: no config or objects/.");
        }

        KeyFile config;
        try
        {
            config = KeyFile.Load(configPath);
        }
        catch (InvalidDataException e)
        {
            throw new RepositoryConfigException($"{configPath}: {e.Message}", e);
        }

        var (mode, compression) = ParseConfig(config, configPath);
        try
        {
            return new Repository(full, config, mode, compression);
        }
        catch (InvalidDataException e)
        {
            throw new RepositoryConfigException($"{configPath}: {e.Message}", e);
        }
    }

    /// <summary>Replaces the <c>config</c> file atomically (for example to add a <c>[remote "name"]</c> group).</summary>
    /// <param name="config">The new configuration; its <c>[core]</c> must keep the same mode and version.</param>
    /// <exception cref="RepositoryConfigException">The new configuration is invalid or changes the mode.</exception>
    public void WriteConfig(KeyFile config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var path = Path + "/config";
        if (ParseConfig(config, path) != (Mode, ArchiveCompression))
        {
            throw new RepositoryConfigException("The repository mode cannot be changed.");
        }

        try
        {
            ApplyConfig(config);
        }
        catch (InvalidDataException e)
        {
            throw new RepositoryConfigException($"{path}: {e.Message}", e);
        }

        WriteFileAtomically(path, System.Text.Encoding.UTF8.GetBytes(config.ToString()), SyncWrites);
        _config = KeyFile.Parse(config.ToString());
    }

    /// <summary>Starts a transaction that stages new objects and publishes them on <see cref="RepositoryTransaction.Commit"/>.</summary>
    /// <returns>The transaction; dispose it (committed or not).</returns>
    /// <exception cref="RepositoryLockedException">The lock could not be taken in time.</exception>
    public RepositoryTransaction BeginTransaction() => new(this);

    /// <summary>The config spelling of a mode (<c>archive-z2</c> for archive).</summary>
    /// <param name="mode">The mode.</param>
    /// <returns>The <c>core.mode</c> value.</returns>
    public static string ModeToString(RepositoryMode mode) => mode switch
    {
        RepositoryMode.Bare => "bare",
        RepositoryMode.BareUser => "bare-user",
        RepositoryMode.BareUserOnly => "bare-user-only",
        RepositoryMode.Archive => "archive-z2",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown repository mode."),
    };

    /// <summary>Parses a <c>core.mode</c> value (or the CLI spelling <c>archive</c>).</summary>
    /// <param name="text">The text.</param>
    /// <param name="mode">The mode.</param>
    /// <returns><see langword="true"/> if it names a supported mode.</returns>
    public static bool TryParseMode(string? text, out RepositoryMode mode)
    {
        (var ok, mode) = text switch
        {
            "bare" => (true, RepositoryMode.Bare),
            "bare-user" => (true, RepositoryMode.BareUser),
            "bare-user-only" => (true, RepositoryMode.BareUserOnly),
            "archive-z2" or "archive" => (true, RepositoryMode.Archive),
            _ => (false, RepositoryMode.Bare),
        };
        return ok;
    }

    private static (RepositoryMode Mode, ArchiveCompression Compression) ParseConfig(KeyFile config, string path)
    {
        if (!config.HasGroup("core"))
        {
            throw new RepositoryConfigException($"{path}: no [core] group.");
        }

        if (config.TryGetRawValue("core", "archive", out var archive) && archive.Trim() == "true")
        {
            throw new RepositoryConfigException($"{path}: the legacy 'archive=true' key is not supported; use mode=archive-z2.");
        }

        var version = config.GetString("core", "repo_version")?.Trim();
        if (version != "1")
        {
            throw new RepositoryConfigException($"{path}: unsupported repo_version '{version}' (only 1 is supported).");
        }

        var text = config.GetString("core", "mode")?.Trim() ?? "bare";
        if (text == Lz4ModeName)
        {
            return (RepositoryMode.Archive, ArchiveCompression.Lz4);
        }

        if (!TryParseMode(text, out var mode))
        {
            throw new RepositoryConfigException($"{path}: unknown mode '{text}'.");
        }

        return (mode, ArchiveCompression.Deflate);
    }

    private void ApplyConfig(KeyFile config)
    {
        var level = config.GetInt64("archive", "zlib-level", 6);
        if (level is < 1 or > 9)
        {
            throw new InvalidDataException($"[archive] zlib-level={level} is not between 1 and 9.");
        }

        CompressionLevel = (int)level;
        SyncWrites = config.GetBoolean("core", "fsync", true);
        var timeout = config.GetInt64("core", "lock-timeout-secs", 30);
        LockTimeout = TimeSpan.FromSeconds(Math.Clamp(timeout, 0, int.MaxValue / 1000));
        TmpExpiry = TimeSpan.FromSeconds(Math.Clamp(config.GetInt64("core", "tmp-expiry-secs", 86400), 0, int.MaxValue));
    }

    /// <summary>How old an unlocked entry of <c>tmp/</c> must be before a transaction removes it (<c>core.tmp-expiry-secs</c>, default one day, as libostree).</summary>
    internal TimeSpan TmpExpiry { get; private set; }

    internal RepositoryLock Lock(bool exclusive) => RepositoryLock.Acquire(Path, exclusive, LockTimeout);

    /// <summary>
    /// Writes a small file by temporary file, fsync and rename, then syncs the directory. The temporary file is made in
    /// <paramref name="tempDirectory"/> (same filesystem) when given, else next to <paramref name="path"/>.
    /// </summary>
    internal static void WriteFileAtomically(string path, ReadOnlySpan<byte> bytes, bool sync, string? tempDirectory = null)
    {
        var dir = System.IO.Path.GetDirectoryName(path)!;
        var temp = $"{tempDirectory ?? dir}/.tmp-{System.IO.Path.GetFileName(path)}-{Guid.NewGuid():N}";
        try
        {
            using (var handle = File.OpenHandle(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                RandomAccess.Write(handle, bytes, 0);
                if (sync)
                {
                    PosixFile.Fsync(handle, temp);
                }
            }

            File.Move(temp, path, overwrite: true);
            if (sync)
            {
                PosixFile.FsyncDirectory(dir);
            }
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>The absolute path of a loose object, whether or not it exists.</summary>
    /// <param name="checksum">The object's name.</param>
    /// <param name="type">Its type.</param>
    /// <returns>The path, e.g. <c>/srv/repo/objects/44/f778….filez</c>.</returns>
    public string GetLooseObjectPath(Checksum checksum, ObjectType type)
        => ObjectsPath + "/" + ObjectName.GetPathInObjects(checksum, type, Mode);
}
