using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace OsTree.Deployments;

/// <summary>
/// A physical root filesystem laid out as libostree lays it out: <c>ostree/repo</c>, stateroots under
/// <c>ostree/deploy/$os</c>, boot files under <c>boot/</c>. Reads and writes sysroots that <c>ostree admin</c> reads
/// and writes.
/// </summary>
/// <remarks>
/// Call <see cref="Load"/> after <see cref="Open"/>; every operation that changes the sysroot reloads it when done.
/// The path may be an offline sysroot (a mounted disk image) or <c>/</c> on a booted system.
/// </remarks>
public sealed partial class Sysroot
{
    private const string BootedFlagPath = "/run/ostree-booted";

    private readonly ILogger _logger;
    private readonly IDeploymentBackend _backend;
    private List<Deployment> _deployments = [];
    private bool _loaded;

    private Sysroot(string path, SysrootOptions options)
    {
        Path = path;
        _logger = options.Logger ?? NullLogger.Instance;
        _backend = options.Backend ?? new HardLinkCheckoutBackend();
        CommitMetadata = new RepositoryCommitMetadata(Combine("ostree/repo"));
    }

    /// <summary>The absolute path of the sysroot.</summary>
    public string Path { get; }

    /// <summary>The active boot version: <c>boot/loader</c> points at <c>loader.$BootVersion</c> (0 when absent).</summary>
    public int BootVersion { get; private set; }

    /// <summary>The active sub-boot version: <c>ostree/boot.$BootVersion</c> points at <c>boot.$BootVersion.$SubBootVersion</c>.</summary>
    public int SubBootVersion { get; private set; }

    /// <summary>The deployments in boot order (index 0 boots by default), as of the last <see cref="Load"/>.</summary>
    public IReadOnlyList<Deployment> Deployments
    {
        get
        {
            EnsureLoaded();
            return _deployments;
        }
    }

    /// <summary>The deployment the running system booted from, when this sysroot is the booted one.</summary>
    public Deployment? BootedDeployment { get; private set; }

    /// <summary>Whether the running system is an ostree system booted from this sysroot.</summary>
    public bool IsBooted { get; private set; }

    /// <summary>The absolute path of the sysroot's repository.</summary>
    public string RepositoryPath => Combine("ostree/repo");

    /// <summary>Reads commit metadata for titles and status; set by the repository integration.</summary>
    internal ICommitMetadataSource? CommitMetadata { get; set; }

    /// <summary>Opens a sysroot; call <see cref="Load"/> before reading deployments.</summary>
    /// <param name="path">The sysroot's root directory.</param>
    /// <param name="options">Logger and deployment backend; defaults when <see langword="null"/>.</param>
    /// <returns>The sysroot.</returns>
    /// <exception cref="DirectoryNotFoundException"><paramref name="path"/> is not a directory.</exception>
    public static Sysroot Open(string path, SysrootOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = System.IO.Path.GetFullPath(path);
        if (full.Length > 1)
        {
            full = full.TrimEnd('/');
        }

        if (!Directory.Exists(full))
        {
            throw new DirectoryNotFoundException($"No sysroot at '{path}': not a directory.");
        }

        return new Sysroot(full, options ?? new SysrootOptions());
    }

    /// <summary>The stateroots (operating-system names) under <c>ostree/deploy</c>, sorted.</summary>
    /// <returns>The names.</returns>
    public IReadOnlyList<string> GetStateRoots()
    {
        var deploy = Combine("ostree/deploy");
        if (!Directory.Exists(deploy))
        {
            return [];
        }

        var names = new List<string>();
        foreach (var dir in Directory.EnumerateDirectories(deploy))
        {
            if (PosixFileSystem.TryLstat(dir, out var st) && PosixFileSystem.IsDirectory(st))
            {
                names.Add(System.IO.Path.GetFileName(dir));
            }
        }

        names.Sort(StringComparer.Ordinal);
        return names;
    }

    /// <summary>The absolute path of a deployment's directory.</summary>
    /// <param name="deployment">A deployment of this sysroot.</param>
    /// <returns>The path.</returns>
    public string GetDeploymentDirectory(Deployment deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        return Combine(deployment.RelativePath);
    }

    /// <summary>
    /// Reads the boot configuration: the active <c>boot/loader.N/entries/ostree-*.conf</c>, ordered by their
    /// <c>version</c> (highest first), each resolved through its <c>ostree=</c> argument to a deployment directory,
    /// with its origin file; and which deployment is booted.
    /// </summary>
    /// <exception cref="DeploymentException">The boot configuration is inconsistent.</exception>
    /// <exception cref="InvalidDataException">An origin file is not a key file.</exception>
    public void Load()
    {
        var (rootDevice, rootInode, rootIsOstreeBooted) = ProbeBootedRoot();
        BootVersion = ReadBootVersion();
        SubBootVersion = ReadSubBootVersion(BootVersion);

        var entries = new List<(BootLoaderEntry Entry, string File)>();
        var entriesDir = Combine($"boot/loader.{BootVersion.ToString(CultureInfo.InvariantCulture)}/entries");
        if (Directory.Exists(entriesDir))
        {
            foreach (var file in Directory.EnumerateFileSystemEntries(entriesDir))
            {
                var name = System.IO.Path.GetFileName(file);
                if (name.StartsWith("ostree-", StringComparison.Ordinal) && name.EndsWith(".conf", StringComparison.Ordinal)
                    && PosixFileSystem.TryStat(file, out var st) && PosixFileSystem.IsRegular(st))
                {
                    entries.Add((BootLoaderEntry.Parse(File.ReadAllText(file)), name));
                }
            }
        }

        entries.Sort((a, b) => CompareEntries(a.Entry, b.Entry));

        var deployments = new List<Deployment>(entries.Count);
        Deployment? booted = null;
        foreach (var (entry, file) in entries)
        {
            var deployment = ParseDeployment(entry, file, deployments.Count, rootIsOstreeBooted && booted is null, rootDevice, rootInode);
            if (deployment.IsBooted)
            {
                booted = deployment;
            }

            deployments.Add(deployment);
        }

        if (rootIsOstreeBooted && booted is null)
        {
            throw new DeploymentException($"Unexpected state: {BootedFlagPath} found and in / sysroot, but bootloader entry not found");
        }

        _deployments = deployments;
        BootedDeployment = booted;
        IsBooted = rootIsOstreeBooted;
        _loaded = true;
    }

    /// <summary>
    /// The deployment whose configuration a new deployment of <paramref name="osName"/> inherits: the booted one when
    /// it belongs to that stateroot, otherwise the first deployment of the stateroot (libostree's
    /// <c>get_merge_deployment</c>).
    /// </summary>
    /// <param name="osName">The stateroot; <see langword="null"/> for the booted deployment's.</param>
    /// <returns>The merge deployment, or <see langword="null"/> when the stateroot has none.</returns>
    public Deployment? GetMergeDeployment(string? osName)
    {
        EnsureLoaded();
        osName ??= BootedDeployment?.OsName ?? throw new ArgumentNullException(nameof(osName), "Not booted into an ostree system: name the stateroot.");
        if (BootedDeployment is not null && BootedDeployment.OsName == osName)
        {
            return BootedDeployment;
        }

        QueryDeploymentsFor(osName, out var pending, out _);
        return pending;
    }

    /// <summary>
    /// The pending deployment (the first of the stateroot before the booted one) and the rollback deployment (the
    /// first after it), as <c>ostree_sysroot_query_deployments_for</c>.
    /// </summary>
    /// <param name="osName">The stateroot; <see langword="null"/> for the booted deployment's.</param>
    /// <param name="pending">The deployment that boots next instead of the booted one, if any.</param>
    /// <param name="rollback">The deployment to fall back to, if any.</param>
    public void QueryDeploymentsFor(string? osName, out Deployment? pending, out Deployment? rollback)
    {
        EnsureLoaded();
        osName ??= BootedDeployment?.OsName ?? throw new ArgumentNullException(nameof(osName), "Not booted into an ostree system: name the stateroot.");
        pending = null;
        rollback = null;
        var foundBooted = false;
        foreach (var deployment in _deployments)
        {
            if (deployment.OsName != osName)
            {
                continue;
            }

            if (deployment.IsSameDeployment(BootedDeployment))
            {
                foundBooted = true;
                continue;
            }

            if (!foundBooted && pending is null)
            {
                pending = deployment;
            }
            else if (foundBooted && rollback is null)
            {
                rollback = deployment;
            }
        }
    }

    internal string Combine(string relative) => Path == "/" ? "/" + relative : Path + "/" + relative;

    internal void EnsureLoaded()
    {
        if (!_loaded)
        {
            throw new InvalidOperationException("Call Sysroot.Load() first.");
        }
    }

    /// <summary>Validates a stateroot name: not empty, not <c>.</c>/<c>..</c>, no <c>/</c>, NUL or whitespace.</summary>
    internal static void ValidateOsName(string osName)
    {
        ArgumentNullException.ThrowIfNull(osName);
        if (osName.Length == 0 || osName is "." or ".." || osName.AsSpan().IndexOfAny("/\0 \t\n") >= 0)
        {
            throw new ArgumentException($"Invalid stateroot name '{osName}'.", nameof(osName));
        }
    }

    private static int CompareEntries(BootLoaderEntry a, BootLoaderEntry b)
    {
        // libostree: both versions → reverse strverscmp; an entry without a version sorts last.
        var av = a.Version;
        var bv = b.Version;
        if (av is not null && bv is not null)
        {
            return -VersionComparer.Instance.Compare(av, bv);
        }

        return av is not null ? -1 : 1;
    }

    [GeneratedRegex("^/ostree/boot\\.([01])/([^/]+)/([^/]+)/([0-9]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex BootLinkRegex();

    [GeneratedRegex("^([0-9a-f]+)\\.([0-9]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex DeployNameRegex();

    internal static bool TryParseDeployName(string name, out string checksum, out int serial)
    {
        var match = DeployNameRegex().Match(name);
        if (!match.Success || !int.TryParse(match.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out serial))
        {
            checksum = string.Empty;
            serial = 0;
            return false;
        }

        checksum = match.Groups[1].Value;
        return true;
    }

    private Deployment ParseDeployment(BootLoaderEntry entry, string file, int index, bool lookForBooted, ulong rootDevice, ulong rootInode)
    {
        string? bootLink = null;
        foreach (var arg in (entry.Options ?? string.Empty).Split(' '))
        {
            if (arg.StartsWith("ostree=", StringComparison.Ordinal))
            {
                bootLink = arg["ostree=".Length..];
                break;
            }
        }

        if (bootLink is null)
        {
            throw new DeploymentException($"Boot entry {file}: no ostree= kernel argument found");
        }

        var match = BootLinkRegex().Match(bootLink);
        if (!match.Success)
        {
            throw new DeploymentException($"Boot entry {file}: invalid ostree= argument '{bootLink}', expected ostree=/ostree/boot.BOOTVERSION/OSNAME/BOOTCSUM/TREESERIAL");
        }

        var osName = match.Groups[2].Value;
        var bootChecksum = match.Groups[3].Value;
        if (osName is "." or ".." || bootChecksum is "." or ".."
            || !int.TryParse(match.Groups[4].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var bootSerial))
        {
            throw new DeploymentException($"Boot entry {file}: invalid ostree= argument '{bootLink}'");
        }

        var linkPath = Combine(bootLink[1..]);
        string target;
        try
        {
            target = PosixFileSystem.ReadLink(linkPath);
        }
        catch (IOException e)
        {
            throw new DeploymentException($"Parsing deployment {bootLink} in stateroot '{osName}': {e.Message}", e);
        }

        var deployName = target[(target.LastIndexOf('/') + 1)..];
        if (!TryParseDeployName(deployName, out var checksum, out var deploySerial))
        {
            throw new DeploymentException($"Parsing deployment {bootLink} in stateroot '{osName}': invalid deploy name '{deployName}', expected CHECKSUM.TREESERIAL");
        }

        var relative = $"ostree/deploy/{osName}/deploy/{deployName}";
        var directory = Combine(relative);
        if (!PosixFileSystem.TryStat(directory, out var dirStat) || !PosixFileSystem.IsDirectory(dirStat))
        {
            throw new DeploymentException($"Parsing deployment {bootLink} in stateroot '{osName}': {relative} is not a directory");
        }

        var isBooted = lookForBooted && dirStat.Device == rootDevice && dirStat.Inode == rootInode;

        DeploymentOrigin? origin = null;
        var originPath = directory + ".origin";
        if (File.Exists(originPath))
        {
            try
            {
                origin = DeploymentOrigin.Parse(File.ReadAllText(originPath));
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException($"Parsing {relative}.origin: {e.Message}", e);
            }
        }

        return new Deployment(osName, checksum, deploySerial, bootChecksum, bootSerial, index, entry, origin, isBooted);
    }

    private (ulong Device, ulong Inode, bool RootIsOstreeBooted) ProbeBootedRoot()
    {
        var root = PosixFileSystem.TryStat("/", out var rootStat) ? rootStat : default;
        var booted = File.Exists(BootedFlagPath);
        var self = PosixFileSystem.TryStat(Path, out var selfStat) ? selfStat : default;
        var rootIsSysroot = root.Device == self.Device && root.Inode == self.Inode;
        return (root.Device, root.Inode, booted && rootIsSysroot);
    }

    private int ReadBootVersion()
    {
        var loader = Combine("boot/loader");
        if (!PosixFileSystem.TryLstat(loader, out var st))
        {
            return 0;
        }

        if (!PosixFileSystem.IsSymbolicLink(st))
        {
            throw new DeploymentException("Not a symbolic link: boot/loader");
        }

        return PosixFileSystem.ReadLink(loader) switch
        {
            "loader.0" => 0,
            "loader.1" => 1,
            var other => throw new DeploymentException($"Invalid target '{other}' in boot/loader"),
        };
    }

    private int ReadSubBootVersion(int bootVersion)
    {
        var name = $"ostree/boot.{bootVersion.ToString(CultureInfo.InvariantCulture)}";
        var link = Combine(name);
        if (!PosixFileSystem.TryLstat(link, out _))
        {
            return 0;
        }

        var target = PosixFileSystem.ReadLink(link);
        if (target.EndsWith(".0", StringComparison.Ordinal))
        {
            return 0;
        }

        if (target.EndsWith(".1", StringComparison.Ordinal))
        {
            return 1;
        }

        throw new DeploymentException($"Invalid target '{target}' in {name}");
    }

}
