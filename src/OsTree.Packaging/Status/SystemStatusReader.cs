using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OsTree.Deployments;
using OsTree.Objects;
using OsTree.Processes;
using OsTree.Repositories;
using OsTree.Trees;

namespace OsTree.Packaging.Status;

/// <summary>
/// Composes the administrator's view of a sysroot from the three parts that answer its questions: deployments (Core),
/// package lists and diffs (this package), space (an <see cref="IDeploymentSpaceSource"/>) and restarts
/// (<see cref="RestartDetector"/>). <c>otree status</c> is this call plus <see cref="SystemStatusFormatter"/>; a GUI or
/// an update daemon gets the same answers from the same call.
/// </summary>
/// <remarks>
/// It lives here rather than in Core because it reads package databases, and here rather than in the CLI so that it
/// is a supported API. BTRFS accounting is plugged in through <see cref="IDeploymentSpaceSource"/> because this
/// package does not depend on <c>OsTree.Btrfs</c>. Nothing is written.
/// </remarks>
public sealed class SystemStatusReader
{
    private readonly ILogger _logger;
    private readonly ILoggerFactory _loggerFactory;
    private readonly IDeploymentSpaceSource? _spaceSource;

    /// <summary>Creates a reader.</summary>
    /// <param name="loggerFactory">Loggers for this reader and the parts it calls; none when <see langword="null"/>.</param>
    /// <param name="spaceSource">How space is measured; <see cref="HardLinkSpaceSource"/> when <see langword="null"/>.</param>
    public SystemStatusReader(ILoggerFactory? loggerFactory = null, IDeploymentSpaceSource? spaceSource = null)
    {
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger<SystemStatusReader>();
        _spaceSource = spaceSource;
    }

    /// <summary>Reads the status of every deployment of a loaded sysroot.</summary>
    /// <param name="sysroot">A sysroot after <see cref="Sysroot.Load"/>.</param>
    /// <param name="options">What to look at; everything when <see langword="null"/>.</param>
    /// <param name="progress">Receives progress of the long stages (package reads, the space walk, the process scan).</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>The status.</returns>
    /// <exception cref="InvalidOperationException">The sysroot was not loaded.</exception>
    /// <exception cref="ArgumentException"><see cref="SystemStatusOptions.Reference"/> is not a deployment of the sysroot.</exception>
    /// <exception cref="IOException">A tree cannot be walked.</exception>
    public async Task<SystemStatus> ReadAsync(Sysroot sysroot, SystemStatusOptions? options = null, IProgress<SystemStatusProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sysroot);
        options ??= new SystemStatusOptions();
        var deployments = sysroot.Deployments;
        var reference = options.Reference ?? sysroot.BootedDeployment ?? (deployments.Count > 0 ? deployments[0] : null);
        var referenceIndex = reference is null ? -1 : IndexOf(deployments, reference);
        if (reference is not null && referenceIndex < 0)
        {
            throw new ArgumentException($"{reference} is not a deployment of '{sysroot.Path}'.", nameof(options));
        }

        Deployment? pending = null;
        Deployment? rollback = null;
        if (sysroot.BootedDeployment is { } booted)
        {
            sysroot.QueryDeploymentsFor(booted.OsName, out pending, out rollback);
        }

        var repository = TryOpenRepository(sysroot.RepositoryPath);
        var qualify = deployments.Select(d => d.Name).Distinct(StringComparer.Ordinal).Count() != deployments.Count;

        var packages = options.IncludePackages
            ? await Task.Run(() => ReadPackageLists(sysroot, repository, progress, cancellationToken), cancellationToken).ConfigureAwait(false)
            : null;

        SysrootSpace? space = null;
        if (options.IncludeSpace && reference is not null)
        {
            _logger.LogDebug("Measuring the space of {Count} deployments against {Reference}", deployments.Count, reference);
            var source = _spaceSource ?? new HardLinkSpaceSource(_loggerFactory.CreateLogger<Usage.SpaceAccountant>());
            space = await source.MeasureAsync(sysroot, reference, progress, cancellationToken).ConfigureAwait(false);
        }

        var restarts = await CheckRestartsAsync(sysroot, options, progress, cancellationToken).ConfigureAwait(false);

        var statuses = new DeploymentStatus[deployments.Count];
        for (var i = 0; i < deployments.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var d = deployments[i];
            var id = qualify ? $"{d.OsName}/{d.Name}" : d.Name;
            Commit? commit = null;
            if (repository is not null && Objects.Checksum.TryParse(d.Checksum, out var checksum) && repository.TryReadCommit(checksum, out var read))
            {
                commit = read;
            }

            var list = packages?[i];
            var referenceList = packages is not null && referenceIndex >= 0 ? packages[referenceIndex] : null;
            statuses[i] = new DeploymentStatus
            {
                Index = i,
                Id = id,
                OsName = d.OsName,
                Checksum = d.Checksum,
                Serial = d.DeploySerial,
                Version = commit?.Version,
                Subject = commit?.Subject,
                Timestamp = commit?.TimestampUtc,
                Refspec = d.Origin?.Refspec,
                Path = sysroot.GetDeploymentDirectory(d),
                IsBooted = d.IsBooted,
                IsPending = pending is not null && d.IsSameDeployment(pending),
                IsRollback = rollback is not null && d.IsSameDeployment(rollback),
                IsDefault = i == 0,
                IsPinned = d.IsPinned,
                IsReference = i == referenceIndex,
                PackageCount = list?.Packages?.Count,
                PackageFormat = list?.Packages is { Count: > 0 } p ? (p[0].Format == Packaging.PackageFormat.Rpm ? "rpm" : "dpkg") : null,
                PackageSource = list?.Source,
                PackageError = list?.Error,
                PackageDiff = list?.Packages is { } mine && referenceList?.Packages is { } theirs ? PackageDiff.Compute(theirs, mine) : null,
                ConfigChanges = CountConfigChanges(sysroot, d, cancellationToken),
                Space = space?.Deployments.FirstOrDefault(s => s.Id == id),
            };
        }

        return new SystemStatus
        {
            SysrootPath = sysroot.Path,
            IsBooted = sysroot.IsBooted,
            Deployments = statuses,
            ReferenceIndex = referenceIndex,
            Space = space,
            Restarts = restarts,
        };
    }

    private static int IndexOf(IReadOnlyList<Deployment> deployments, Deployment deployment)
    {
        for (var i = 0; i < deployments.Count; i++)
        {
            if (deployments[i].IsSameDeployment(deployment))
            {
                return i;
            }
        }

        return -1;
    }

    private Repository? TryOpenRepository(string path)
    {
        try
        {
            return Repository.Open(path);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or OsTreeException or UnauthorizedAccessException)
        {
            // Status still lists deployments without their commits (an offline image whose repository was removed).
            _logger.LogWarning("Cannot open the sysroot's repository {Path}: {Message}", path, e.Message);
            return null;
        }
    }

    private PackageListRead[] ReadPackageLists(Sysroot sysroot, Repository? repository, IProgress<SystemStatusProgress>? progress, CancellationToken cancellationToken)
    {
        var deployments = sysroot.Deployments;
        var lists = new PackageListRead[deployments.Count];
        for (var i = 0; i < deployments.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            lists[i] = ReadPackageList(sysroot, repository, deployments[i], cancellationToken);
            progress?.Report(new SystemStatusProgress("packages", i + 1, deployments.Count));
        }

        return lists;
    }

    /// <summary>
    /// The package list of a deployment's commit: from the commit's metadata when the build tool stored it there (no
    /// database to parse), else from the database inside the commit (read from the repository, so local changes to
    /// the deployment directory do not count), else from the deployment directory.
    /// </summary>
    private PackageListRead ReadPackageList(Sysroot sysroot, Repository? repository, Deployment deployment, CancellationToken cancellationToken)
    {
        try
        {
            IFileTree tree;
            if (repository is not null && Objects.Checksum.TryParse(deployment.Checksum, out var checksum) && repository.TryReadCommit(checksum, out var commit))
            {
                if (PackageList.TryReadFromMetadata(commit.Metadata, out var fromMetadata))
                {
                    return new PackageListRead(fromMetadata, "commit metadata", null);
                }

                tree = new CommitFileTree(repository, checksum);
            }
            else
            {
                tree = new DirectoryFileTree(sysroot.GetDeploymentDirectory(deployment));
            }

            var database = PackageDatabase.Open(tree);
            return new PackageListRead(database.ReadPackages(cancellationToken), database.Location.Description, null);
        }
        catch (Exception e) when (e is PackageDatabaseNotFoundException or InvalidDataException or IOException or UnauthorizedAccessException or OsTreeException)
        {
            _logger.LogInformation("No package list for {Deployment}: {Message}", deployment, e.Message);
            return new PackageListRead(null, null, e.Message.ReplaceLineEndings(" "));
        }
    }

    private int? CountConfigChanges(Sysroot sysroot, Deployment deployment, CancellationToken cancellationToken)
    {
        try
        {
            return sysroot.GetConfigDiff(deployment, cancellationToken).Count;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogInformation("Cannot compare /etc of {Deployment}: {Message}", deployment, e.Message);
            return null;
        }
    }

    private async Task<RestartStatus> CheckRestartsAsync(Sysroot sysroot, SystemStatusOptions options, IProgress<SystemStatusProgress>? progress, CancellationToken cancellationToken)
    {
        if (!options.IncludeRestarts)
        {
            return new RestartStatus { Check = RestartCheck.Skipped, Reason = "not requested" };
        }

        if ((!sysroot.IsBooted && !options.ScanProcessesWhenNotBooted) || sysroot.Deployments.Count == 0)
        {
            return new RestartStatus
            {
                Check = RestartCheck.NotApplicable,
                Reason = $"{sysroot.Path} is not the running system, so no process runs from its deployments",
            };
        }

        var detector = new RestartDetector(_loggerFactory.CreateLogger<RestartDetector>());
        var relay = progress is null ? null : new RestartRelay(progress);
        var report = await detector.ScanAsync(RestartScanRequest.ForSysroot(sysroot), relay, cancellationToken).ConfigureAwait(false);
        return new RestartStatus { Check = RestartCheck.Scanned, Report = report };
    }

    private sealed record PackageListRead(IReadOnlyList<InstalledPackage>? Packages, string? Source, string? Error);

    private sealed class RestartRelay(IProgress<SystemStatusProgress> target) : IProgress<RestartScanProgress>
    {
        public void Report(RestartScanProgress value) => target.Report(new SystemStatusProgress("restarts", value.Done, value.Total));
    }
}
