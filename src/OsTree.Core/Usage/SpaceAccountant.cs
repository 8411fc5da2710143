using System.Diagnostics;
using System.Numerics;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OsTree.Deployments;
using OsTree.Objects;

namespace OsTree.Usage;

/// <summary>
/// Space accounting for hard-link sysroots: walks the deployments, the repository's objects and any retained trees
/// once each (in parallel), collects every inode by (device, inode) so that hard links are counted once, and says per
/// deployment what it shares with the reference, what is exclusive to it and what deleting it would free.
/// </summary>
/// <remarks>
/// <para>
/// Model. A deployment's files are hard links of repository content objects, so deleting a deployment frees
/// nothing by itself: the objects it linked go too only when a cleanup prunes them, which it does for objects that
/// no remaining deployment and no ref needs. An inode is therefore counted as freed by deleting a set of deployments
/// when every deployment that links it is in the set, no retained tree holds it, no
/// <see cref="SpaceAccountingRequest.RetainedContentObjects"/> names it, and its link count equals the links the walk
/// found (a link elsewhere keeps it). Directories of a deployment and its copied <c>/etc</c> are exclusive to it.
/// </para>
/// <para>
/// Not modelled: the commit's metadata objects (dirtrees, dirmetas, the commit), which a cleanup also prunes
/// (they are reported together under <see cref="RepositorySpace.Metadata"/>); the deployment's <c>.origin</c> file and
/// boot-loader files outside the deployment directory; filesystem metadata (inode tables, journal). On a filesystem
/// that shares extents (BTRFS reflinks and snapshots) inode counting is wrong; use the BTRFS accountant there.
/// </para>
/// </remarks>
public sealed class SpaceAccountant
{
    private readonly ILogger _logger;

    /// <summary>Creates an accountant.</summary>
    /// <param name="logger">Diagnostics (unreadable directories, timings); none when <see langword="null"/>.</param>
    public SpaceAccountant(ILogger<SpaceAccountant>? logger = null)
    {
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Walks the trees of <paramref name="request"/> and accounts for their space.</summary>
    /// <param name="request">The deployments, the reference, the repository and the retained trees.</param>
    /// <param name="progress">Told each time a tree has been walked.</param>
    /// <param name="cancellationToken">Stops the walk.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentException">
    /// No deployment, more than <see cref="SpaceAccountingRequest.MaxDeployments"/>, duplicate ids or directories,
    /// or a reference id that names no deployment.
    /// </exception>
    /// <exception cref="DirectoryNotFoundException">A deployment, the repository's objects or a retained tree is not a directory.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<SpaceReport> MeasureAsync(
        SpaceAccountingRequest request,
        IProgress<SpaceProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var referenceIndex = Validate(request);
        var started = Stopwatch.GetTimestamp();

        // Units of work: deployments first (bits 0..n-1), then the repository, then retained trees. The repository is
        // usually the largest tree, so it starts first.
        var units = new List<(string Path, int Deployment, bool Repository)>();
        string? objectsPath = null;
        if (request.RepositoryPath is not null)
        {
            objectsPath = Path.Combine(Path.GetFullPath(request.RepositoryPath), "objects");
            units.Add((objectsPath, -1, true));
        }

        for (var i = 0; i < request.Deployments.Count; i++)
        {
            units.Add((request.Deployments[i].Path, i, false));
        }

        foreach (var retained in request.RetainedTrees)
        {
            units.Add((retained, -1, false));
        }

        var scans = new TreeScan[units.Count];
        long entries = 0;
        var walked = 0;
        var progressGate = new Lock();
        var parallel = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount };
        await Parallel.ForEachAsync(Enumerable.Range(0, units.Count), parallel, (index, token) =>
        {
            var unit = units[index];
            var scan = TreeWalker.Walk(unit.Path, request.OneFileSystem, unit.Repository, null, _logger, token);
            scans[index] = scan;

            // Counted and reported under one lock: otherwise a slower thread could report an older count last.
            lock (progressGate)
            {
                entries += scan.Entries.Count;
                progress?.Report(new SpaceProgress(++walked, units.Count, entries));
            }

            return ValueTask.CompletedTask;
        }).ConfigureAwait(false);

        var roots = new HashSet<InodeKey>();
        foreach (var scan in scans)
        {
            if (!roots.Add(scan.RootKey))
            {
                throw new ArgumentException($"'{scan.Root}' is given twice (the same directory as another tree of the request).", nameof(request));
            }
        }

        var inodes = Merge(units, scans, (int)Math.Min(entries, int.MaxValue));
        if (objectsPath is not null)
        {
            MarkRetainedObjects(inodes, objectsPath, request.RetainedContentObjects);
        }

        var report = Tally(request, referenceIndex, objectsPath, inodes, scans.Sum(s => s.Skipped));
        _logger.LogDebug(
            "Accounted {Inodes} inodes from {Entries} entries in {Trees} trees in {Elapsed} ms",
            inodes.Count,
            entries,
            units.Count,
            Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return report;
    }

    /// <summary>
    /// Accounts for a whole sysroot: every deployment, its repository and each stateroot's <c>var</c>, compared with
    /// the booted deployment (or the one that boots next). Same as
    /// <see cref="SpaceAccountingRequest.ForSysroot"/> followed by a measure of that request.
    /// </summary>
    /// <param name="sysroot">A loaded sysroot.</param>
    /// <param name="reference">The deployment to compare with; by default the booted one, else the next to boot.</param>
    /// <param name="progress">Told each time a tree has been walked.</param>
    /// <param name="cancellationToken">Stops the walk.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentException">The sysroot has no deployment, or <paramref name="reference"/> is not one of them.</exception>
    public Task<SpaceReport> MeasureAsync(
        Sysroot sysroot,
        Deployment? reference = null,
        IProgress<SpaceProgress>? progress = null,
        CancellationToken cancellationToken = default)
        => MeasureAsync(SpaceAccountingRequest.ForSysroot(sysroot, reference), progress, cancellationToken);

    private static int Validate(SpaceAccountingRequest request)
    {
        var deployments = request.Deployments ?? throw new ArgumentException("No deployments given.", nameof(request));
        if (deployments.Count == 0)
        {
            throw new ArgumentException("At least one deployment is needed.", nameof(request));
        }

        if (deployments.Count > SpaceAccountingRequest.MaxDeployments)
        {
            throw new ArgumentException($"At most {SpaceAccountingRequest.MaxDeployments} deployments can be accounted together, not {deployments.Count}.", nameof(request));
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        var referenceIndex = -1;
        for (var i = 0; i < deployments.Count; i++)
        {
            var d = deployments[i] ?? throw new ArgumentException($"Deployment {i} is null.", nameof(request));
            ArgumentException.ThrowIfNullOrEmpty(d.Id, nameof(request));
            ArgumentException.ThrowIfNullOrEmpty(d.Path, nameof(request));
            if (!ids.Add(d.Id))
            {
                throw new ArgumentException($"Deployment id '{d.Id}' is given twice.", nameof(request));
            }

            if (d.Id == request.ReferenceId)
            {
                referenceIndex = i;
            }
        }

        return referenceIndex >= 0
            ? referenceIndex
            : throw new ArgumentException($"The reference '{request.ReferenceId}' is not one of the deployments.", nameof(request));
    }

    private static Dictionary<InodeKey, InodeUsage> Merge(List<(string Path, int Deployment, bool Repository)> units, TreeScan[] scans, int capacity)
    {
        var inodes = new Dictionary<InodeKey, InodeUsage>(capacity);
        for (var u = 0; u < units.Count; u++)
        {
            var (_, deployment, repository) = units[u];
            var bit = deployment >= 0 ? 1UL << deployment : 0;
            byte flag = repository ? InodeUsage.InRepository : deployment < 0 ? InodeUsage.InRetainedTree : (byte)0;
            foreach (ref readonly var entry in CollectionsMarshal.AsSpan(scans[u].Entries))
            {
                ref var usage = ref CollectionsMarshal.GetValueRefOrAddDefault(inodes, entry.Key, out var exists);
                if (!exists)
                {
                    usage.Blocks = entry.Blocks;
                    usage.Size = entry.Size;
                    usage.LinkCount = entry.LinkCount;
                    usage.Kind = entry.Kind;
                }
                else if (repository)
                {
                    // The repository's view says whether a file is a content or a metadata object.
                    usage.Kind = entry.Kind;
                }

                usage.LinksSeen++;
                usage.Deployments |= bit;
                usage.Flags |= flag;
            }
        }

        return inodes;
    }

    private void MarkRetainedObjects(Dictionary<InodeKey, InodeUsage> inodes, string objectsPath, IReadOnlyCollection<Checksum> retained)
    {
        Span<char> hex = stackalloc char[Checksum.HexLength];
        var missing = 0;
        foreach (var checksum in retained)
        {
            checksum.WriteHex(hex);
            var prefix = Path.Combine(objectsPath, new string(hex[..2]), new string(hex[2..]));
            if (!TryMark(prefix + ".file") && !TryMark(prefix + ".filez"))
            {
                missing++;
            }
        }

        if (missing > 0)
        {
            _logger.LogDebug("{Missing} retained content objects are not in {Objects}", missing, objectsPath);
        }

        bool TryMark(string path)
        {
            if (!TreeWalker.TryGetKey(path, out var key))
            {
                return false;
            }

            ref var usage = ref CollectionsMarshal.GetValueRefOrNullRef(inodes, key);
            if (!System.Runtime.CompilerServices.Unsafe.IsNullRef(ref usage))
            {
                usage.Flags |= InodeUsage.RetainedObject;
            }

            return true;
        }
    }

    private static SpaceReport Tally(
        SpaceAccountingRequest request,
        int referenceIndex,
        string? objectsPath,
        Dictionary<InodeKey, InodeUsage> inodes,
        long skipped)
    {
        var n = request.Deployments.Count;
        var total = new SpaceAmount[n];
        var sharedWithReference = new SpaceAmount[n];
        var exclusive = new SpaceAmount[n];
        var freed = new SpaceAmount[n];
        var referenceBit = 1UL << referenceIndex;

        SpaceAmount all = default, shared = default, exclusiveAll = default, repositoryOnly = default, retainedOnly = default;
        SpaceAmount beyond = default, freedAllOthers = default;
        SpaceAmount repository = default, linked = default, metadata = default, unreferenced = default, retainedContent = default;
        long outsideLinks = 0;

        foreach (var usage in inodes.Values)
        {
            var amount = usage.Amount;
            all = all.Add(amount);
            var kept = usage.IsKept;
            if (usage.HasOutsideLinks)
            {
                outsideLinks++;
            }

            var inRepository = (usage.Flags & InodeUsage.InRepository) != 0;
            if (inRepository)
            {
                repository = repository.Add(amount);
            }

            var members = usage.Deployments;
            if (members == 0)
            {
                if (inRepository)
                {
                    repositoryOnly = repositoryOnly.Add(amount);
                    if (usage.Kind != InodeKind.ContentObject)
                    {
                        metadata = metadata.Add(amount);
                    }
                    else if (kept)
                    {
                        retainedContent = retainedContent.Add(amount);
                    }
                    else
                    {
                        unreferenced = unreferenced.Add(amount);
                    }
                }
                else
                {
                    retainedOnly = retainedOnly.Add(amount);
                }

                continue;
            }

            if (inRepository)
            {
                linked = linked.Add(amount);
            }

            if (BitOperations.PopCount(members) == 1)
            {
                var only = BitOperations.TrailingZeroCount(members);
                exclusive[only] = exclusive[only].Add(amount);
                exclusiveAll = exclusiveAll.Add(amount);
                if (!kept)
                {
                    freed[only] = freed[only].Add(amount);
                }
            }
            else
            {
                shared = shared.Add(amount);
            }

            var withReference = (members & referenceBit) != 0;
            if (!withReference)
            {
                beyond = beyond.Add(amount);
                if (!kept)
                {
                    freedAllOthers = freedAllOthers.Add(amount);
                }
            }

            for (var rest = members; rest != 0; rest &= rest - 1)
            {
                var i = BitOperations.TrailingZeroCount(rest);
                total[i] = total[i].Add(amount);
                if (withReference)
                {
                    sharedWithReference[i] = sharedWithReference[i].Add(amount);
                }
            }
        }

        var deployments = new DeploymentSpace[n];
        for (var i = 0; i < n; i++)
        {
            var d = request.Deployments[i];
            deployments[i] = new DeploymentSpace(d.Id, Path.GetFullPath(d.Path), i == referenceIndex, total[i], sharedWithReference[i], exclusive[i], freed[i]);
        }

        var repositorySpace = objectsPath is null
            ? null
            : new RepositorySpace(objectsPath, repository, linked, metadata, unreferenced, retainedContent);
        return new SpaceReport(
            request.ReferenceId,
            deployments,
            repositorySpace,
            new SpaceTotals(all, shared, exclusiveAll, repositoryOnly, retainedOnly),
            beyond,
            freedAllOthers,
            outsideLinks,
            skipped);
    }
}
