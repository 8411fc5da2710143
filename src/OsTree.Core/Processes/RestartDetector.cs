using System.Diagnostics;
using System.Numerics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OsTree.Objects;
using OsTree.Trees;
using OsTree.Usage;

namespace OsTree.Processes;

/// <summary>
/// Finds running processes that still use executables or libraries that were deleted, replaced, or belong to a
/// deployment other than the one that boots next; and predicts which processes a deployment not yet booted would
/// leave stale. Each file is traced by (device, inode) to the deployment and repository object it came from, and
/// each process to its systemd unit through <c>/proc/PID/cgroup</c>.
/// </summary>
/// <remarks>
/// The detector only reads <c>/proc</c> and <c>statx</c>es paths; it never executes, loads or interprets anything it
/// finds (needrestart's interpreter scan led to privilege escalations). Processes that exit during the scan, and
/// those whose <c>/proc</c> files the caller may not read, are skipped and counted. Run as root to see every process
/// and to read <c>/proc/PID/map_files</c>, which gives exact device numbers on BTRFS and overlayfs.
/// </remarks>
public sealed class RestartDetector
{
    private readonly ILogger _logger;
    private readonly string _proc;

    /// <summary>Creates a detector reading <c>/proc</c>.</summary>
    /// <param name="logger">Diagnostics; none when <see langword="null"/>.</param>
    public RestartDetector(ILogger<RestartDetector>? logger = null)
        : this("/proc", logger)
    {
    }

    internal RestartDetector(string proc, ILogger? logger)
    {
        _proc = proc;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Which processes use files that are deleted, replaced, or from a deployment that will not boot next.</summary>
    /// <param name="request">The deployments to trace files to, the next one to boot, the repository.</param>
    /// <param name="progress">Told how the scan advances.</param>
    /// <param name="cancellationToken">Stops the scan.</param>
    /// <returns>The flagged processes and their units.</returns>
    /// <exception cref="ArgumentException"><see cref="RestartScanRequest.NextBootId"/> names no deployment, or ids repeat.</exception>
    /// <exception cref="DirectoryNotFoundException">A deployment or the repository's objects is not a directory.</exception>
    public async Task<RestartReport> ScanAsync(
        RestartScanRequest request,
        IProgress<RestartScanProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var nextBoot = IndexOf(request.Deployments, request.NextBootId, nameof(request));
        var started = Stopwatch.GetTimestamp();
        var (processes, scanned, skipped) = await Task.Run(() => ReadProcesses(request.ProcessIds, request.ExecutableMappingsOnly, progress, cancellationToken), cancellationToken).ConfigureAwait(false);
        var origins = await TraceAsync(processes, request.Deployments, request.RepositoryPath, progress, cancellationToken).ConfigureAwait(false);
        var nextBootBit = nextBoot >= 0 ? 1UL << nextBoot : 0;

        var findings = new List<ProcessFinding>();
        foreach (var process in processes)
        {
            var files = new List<MappedFile>();
            foreach (var mapping in process.Mappings)
            {
                var reasons = CurrentReasons(process, mapping);
                origins.TryGetValue(mapping.Key, out var origin);
                if (nextBoot >= 0 && origin is not null && origin.Deployments != 0 && (origin.Deployments & nextBootBit) == 0)
                {
                    reasons |= RestartReasons.OtherDeployment;
                }

                if (reasons != RestartReasons.None)
                {
                    files.Add(ToMappedFile(mapping, reasons, origin, request.Deployments));
                }
            }

            AddFinding(findings, process, files);
        }

        _logger.LogDebug("Restart scan: {Scanned} processes, {Skipped} skipped, {Flagged} flagged in {Elapsed} ms", scanned, skipped, findings.Count, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return ToReport(findings, scanned, skipped);
    }

    /// <summary>
    /// Which processes running from <see cref="RestartPredictionRequest.Current"/> map files that
    /// <see cref="RestartPredictionRequest.Target"/> has at the same path with other content, or lacks; plus, as in
    /// <see cref="ScanAsync"/>, those already using deleted or replaced files.
    /// </summary>
    /// <param name="request">The running deployment, how processes see it, and the target.</param>
    /// <param name="progress">Told how the scan advances.</param>
    /// <param name="cancellationToken">Stops the scan.</param>
    /// <returns>The processes a switch to the target would leave stale.</returns>
    /// <exception cref="ArgumentException">Current and target have the same id.</exception>
    /// <exception cref="DirectoryNotFoundException">A deployment or the repository's objects is not a directory.</exception>
    public async Task<RestartReport> PredictAsync(
        RestartPredictionRequest request,
        IProgress<RestartScanProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Current);
        ArgumentNullException.ThrowIfNull(request.Target);
        DeploymentTree[] trees = [request.Current, request.Target];
        _ = IndexOf(trees, null, nameof(request));
        var (processes, scanned, skipped) = await Task.Run(() => ReadProcesses(request.ProcessIds, request.ExecutableMappingsOnly, progress, cancellationToken), cancellationToken).ConfigureAwait(false);
        var origins = await TraceAsync(processes, trees, request.RepositoryPath, progress, cancellationToken).ConfigureAwait(false);
        var currentRoot = NormalizeRoot(request.CurrentRoot);
        var currentPath = Path.GetFullPath(request.Current.Path);
        var target = new DirectoryFileTree(request.Target.Path);

        var findings = new List<ProcessFinding>();
        foreach (var process in processes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var files = new List<MappedFile>();
            foreach (var mapping in process.Mappings)
            {
                var reasons = CurrentReasons(process, mapping);
                origins.TryGetValue(mapping.Key, out var origin);

                // Only files that came from the running deployment can change with it; /var, /home and the like stay.
                if (origin is not null && (origin.Deployments & 1) != 0)
                {
                    var relative = RelativeTo(currentRoot, mapping.Path) ?? origin.FirstPath!;
                    reasons |= CompareWithTarget(process, mapping, relative, Path.Combine(currentPath, origin.FirstPath!), target);
                }

                if (reasons != RestartReasons.None)
                {
                    files.Add(ToMappedFile(mapping, reasons, origin, trees));
                }
            }

            AddFinding(findings, process, files);
        }

        return ToReport(findings, scanned, skipped);
    }

    private (List<ProcessSnapshot> Processes, int Scanned, int Skipped) ReadProcesses(
        IReadOnlyCollection<int>? only,
        bool executableOnly,
        IProgress<RestartScanProgress>? progress,
        CancellationToken cancellationToken)
    {
        var ids = only is null ? ProcReader.ListProcesses(_proc) : only.Distinct().Order().ToList();
        var processes = new List<ProcessSnapshot>(ids.Count);
        int scanned = 0, skipped = 0;
        for (var i = 0; i < ids.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var snapshot = ProcReader.Read(_proc, ids[i], executableOnly);
                if (snapshot is not null)
                {
                    scanned++;
                    processes.Add(snapshot);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Exited during the scan (ENOENT, ESRCH) or not ours to read (EACCES): skipped, counted.
                skipped++;
                _logger.LogTrace("Skipped process {Pid}: {Message}", ids[i], e.Message);
            }

            if ((i & 63) == 63 || i == ids.Count - 1)
            {
                progress?.Report(new RestartScanProgress("processes", i + 1, ids.Count));
            }
        }

        return (processes, scanned, skipped);
    }

    // Walks the deployments and the repository's objects, remembering only the inodes some process maps.
    private async Task<Dictionary<InodeKey, InodeOrigin>> TraceAsync(
        List<ProcessSnapshot> processes,
        IReadOnlyList<DeploymentTree> deployments,
        string? repositoryPath,
        IProgress<RestartScanProgress>? progress,
        CancellationToken cancellationToken)
    {
        var wanted = new HashSet<InodeKey>();
        foreach (var process in processes)
        {
            foreach (var mapping in process.Mappings)
            {
                wanted.Add(mapping.Key);
            }
        }

        // A device read from maps (not from map_files) may not be the one stat reports (BTRFS subvolumes,
        // overlayfs): such mappings are matched on the inode number alone.
        var untrusted = new Dictionary<ulong, List<InodeKey>>();
        foreach (var process in processes)
        {
            foreach (var mapping in process.Mappings)
            {
                if (!mapping.DeviceTrusted)
                {
                    if (!untrusted.TryGetValue(mapping.Key.Inode, out var keys))
                    {
                        untrusted[mapping.Key.Inode] = keys = [];
                    }

                    if (!keys.Contains(mapping.Key))
                    {
                        keys.Add(mapping.Key);
                    }
                }
            }
        }

        var trees = deployments.Select(d => d.Path).ToList();
        var objects = repositoryPath is null ? null : Path.Combine(Path.GetFullPath(repositoryPath), "objects");
        if (objects is not null)
        {
            trees.Add(objects);
        }

        var scans = new TreeScan[trees.Count];
        var done = 0;
        var progressGate = new Lock();
        var filter = new InodeFilter(wanted, untrusted);
        await Parallel.ForEachAsync(
            Enumerable.Range(0, trees.Count),
            new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount },
            (i, token) =>
            {
                scans[i] = TreeWalker.Walk(trees[i], oneFileSystem: true, repositoryObjects: objects is not null && i == trees.Count - 1, filter.Contains, _logger, token);
                lock (progressGate)
                {
                    // Under the lock so that the counts arrive in order and the last report is every tree.
                    progress?.Report(new RestartScanProgress("deployments", ++done, trees.Count));
                }

                return ValueTask.CompletedTask;
            }).ConfigureAwait(false);

        var origins = new Dictionary<InodeKey, InodeOrigin>();
        for (var i = 0; i < scans.Length; i++)
        {
            var isRepository = objects is not null && i == trees.Count - 1;
            foreach (var (key, path) in scans[i].Paths!)
            {
                foreach (var mapped in filter.MappedKeysFor(key))
                {
                    if (!origins.TryGetValue(mapped, out var origin))
                    {
                        origins[mapped] = origin = new InodeOrigin();
                    }

                    if (isRepository)
                    {
                        origin.Object ??= ObjectFromPath(path);
                    }
                    else
                    {
                        origin.Deployments |= 1UL << i;
                        if (origin.FirstDeployment < 0)
                        {
                            origin.FirstDeployment = i;
                            origin.FirstPath = path;
                        }
                    }
                }
            }
        }

        return origins;
    }

    private static RestartReasons CurrentReasons(ProcessSnapshot process, ProcessMapping mapping)
    {
        if (mapping.Deleted)
        {
            return RestartReasons.Deleted;
        }

        // The path as the process sees it, through its own root (chroots and containers).
        var seen = $"/proc/{process.ProcessId}/root{mapping.Path}";
        if (!ProcReader.TryStatx(seen, follow: true, out var now))
        {
            return RestartReasons.Replaced;
        }

        var same = now.Inode == mapping.Key.Inode && (!mapping.DeviceTrusted || now.Device == mapping.Key.Device);
        return same ? RestartReasons.None : RestartReasons.Replaced;
    }

    private RestartReasons CompareWithTarget(ProcessSnapshot process, ProcessMapping mapping, string relative, string currentFile, DirectoryFileTree target)
    {
        if (!target.TryResolve(relative, out var resolved) || target.GetLocalPath(resolved) is not { } targetFile
            || !ProcReader.TryStatx(targetFile, follow: false, out var targetKey)
            || !File.Exists(targetFile))
        {
            return RestartReasons.MissingInTarget;
        }

        if (targetKey.Inode == mapping.Key.Inode && (!mapping.DeviceTrusted || targetKey.Device == mapping.Key.Device))
        {
            return RestartReasons.None;
        }

        // Another inode: unchanged only if the bytes are the same (a copy rather than a hard link). The mapped bytes
        // are read through map_files when allowed, else through the running deployment's link of the same inode.
        var mapped = mapping.RangeName is null ? $"/proc/{process.ProcessId}/exe" : $"/proc/{process.ProcessId}/map_files/{mapping.RangeName}";
        try
        {
            return SameContent(mapped, targetFile) || SameContent(currentFile, targetFile) ? RestartReasons.None : RestartReasons.ChangedInTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogTrace("Cannot compare {Path} with {Target}: {Message}", mapping.Path, targetFile, e.Message);
            return RestartReasons.ChangedInTarget;
        }
    }

    private static bool SameContent(string a, string b)
    {
        try
        {
            using var x = new FileStream(a, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
            using var y = new FileStream(b, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
            if (x.Length != y.Length)
            {
                return false;
            }

            var bufferX = new byte[81920];
            var bufferY = new byte[81920];
            while (true)
            {
                var n = x.ReadAtLeast(bufferX, bufferX.Length, throwOnEndOfStream: false);
                var m = y.ReadAtLeast(bufferY, bufferY.Length, throwOnEndOfStream: false);
                if (n != m || !bufferX.AsSpan(0, n).SequenceEqual(bufferY.AsSpan(0, m)))
                {
                    return false;
                }

                if (n == 0)
                {
                    return true;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static MappedFile ToMappedFile(ProcessMapping mapping, RestartReasons reasons, InodeOrigin? origin, IReadOnlyList<DeploymentTree> deployments)
    {
        var ids = new List<string>();
        if (origin is not null)
        {
            for (var rest = origin.Deployments; rest != 0; rest &= rest - 1)
            {
                ids.Add(deployments[BitOperations.TrailingZeroCount(rest)].Id);
            }
        }

        return new MappedFile(
            mapping.Path,
            $"{mapping.Key.Major}:{mapping.Key.Minor}",
            mapping.Key.Inode,
            mapping.IsExecutable,
            reasons,
            ids,
            origin?.FirstPath,
            origin?.Object);
    }

    private static void AddFinding(List<ProcessFinding> findings, ProcessSnapshot process, List<MappedFile> files)
    {
        if (files.Count == 0)
        {
            return;
        }

        var reasons = RestartReasons.None;
        foreach (var file in files)
        {
            reasons |= file.Reasons;
        }

        findings.Add(new ProcessFinding(process.ProcessId, process.ParentProcessId, process.UserId, process.Command, process.Executable, process.Unit, reasons, files));
    }

    private static RestartReport ToReport(List<ProcessFinding> findings, int scanned, int skipped)
    {
        var units = findings
            .Select(f => f.Unit)
            .OfType<SystemdUnit>()
            .Distinct()
            .OrderBy(u => u.Scope)
            .ThenBy(u => u.UserId)
            .ThenBy(u => u.Name, StringComparer.Ordinal)
            .ToList();
        return new RestartReport(findings, units, scanned, skipped);
    }

    private static int IndexOf(IReadOnlyList<DeploymentTree> deployments, string? id, string parameter)
    {
        ArgumentNullException.ThrowIfNull(deployments, parameter);
        if (deployments.Count > SpaceAccountingRequest.MaxDeployments)
        {
            throw new ArgumentException($"At most {SpaceAccountingRequest.MaxDeployments} deployments can be traced together.", parameter);
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        var index = -1;
        for (var i = 0; i < deployments.Count; i++)
        {
            if (!ids.Add(deployments[i].Id))
            {
                throw new ArgumentException($"Deployment id '{deployments[i].Id}' is given twice.", parameter);
            }

            if (deployments[i].Id == id)
            {
                index = i;
            }
        }

        return id is null || index >= 0 ? index : throw new ArgumentException($"'{id}' is not one of the deployments.", parameter);
    }

    private static string NormalizeRoot(string root)
    {
        var full = Path.GetFullPath(root);
        return full.Length > 1 ? full.TrimEnd('/') : full;
    }

    private static string? RelativeTo(string root, string path)
    {
        if (root == "/")
        {
            return path.TrimStart('/');
        }

        return path.Length > root.Length && path.StartsWith(root, StringComparison.Ordinal) && path[root.Length] == '/'
            ? path[(root.Length + 1)..]
            : null;
    }

    private static Checksum? ObjectFromPath(string relative)
    {
        // objects/XX/YYYY….file, relative to objects/: "XX/YYYY….file".
        var slash = relative.IndexOf('/', StringComparison.Ordinal);
        var dot = relative.LastIndexOf('.');
        if (slash != 2 || dot < 0)
        {
            return null;
        }

        Span<char> hex = stackalloc char[Checksum.HexLength];
        var rest = relative.AsSpan(3, dot - 3);
        if (rest.Length != Checksum.HexLength - 2)
        {
            return null;
        }

        relative.AsSpan(0, 2).CopyTo(hex);
        rest.CopyTo(hex[2..]);
        return Checksum.TryParse(hex, out var checksum) ? checksum : null;
    }
}
