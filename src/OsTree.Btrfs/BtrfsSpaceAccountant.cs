using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using OsTree.Btrfs.Internal;
using static OsTree.Btrfs.Internal.Interop.Interop;

namespace OsTree.Btrfs;

/// <summary>
/// Answers "what do the old images cost?" on btrfs: what deleting every non-current image would free, and what
/// deleting each one alone would free. Two methods, each figure labelled with what it covers:
/// <list type="bullet">
/// <item>FIEMAP set difference (default, no quotas needed): the physical data ranges each image references,
/// |∪others − ∪(current, retained)| and, per image, the ranges no other tree references. Data only, approximate.
/// Read-only subvolumes are scanned once and cached by UUID and generation.</item>
/// <item>Qgroups, when quotas are already enabled and consistent and a level-1 qgroup holds exactly the non-current
/// images: its exclusive count, and per image the level-0 exclusive count. Data and metadata. Quotas are never
/// enabled by this class.</item>
/// </list>
/// Thread-safe; keep one instance to benefit from the cache.
/// </summary>
public sealed class BtrfsSpaceAccountant
{
    private readonly ConcurrentDictionary<(Guid Uuid, ulong Generation), ImageScan> _cache = new();

    /// <summary>Read-only subvolumes whose ranges are cached.</summary>
    public int CachedImageCount => _cache.Count;

    /// <summary>Forgets every cached scan.</summary>
    public void ClearCache() => _cache.Clear();

    /// <summary>Measures the images of <paramref name="request"/>.</summary>
    /// <param name="request">The current image, the others and the retained trees, all on one btrfs filesystem.</param>
    /// <param name="progress">Receives progress while trees are walked.</param>
    /// <param name="cancellationToken">Stops the walk.</param>
    /// <returns>The figures.</returns>
    /// <exception cref="NotSupportedException">A path is not on btrfs.</exception>
    /// <exception cref="ArgumentException">Paths are on different filesystems, or an image is given twice.</exception>
    /// <exception cref="InvalidOperationException"><see cref="BtrfsSpaceMethod.Qgroup"/> was asked for and qgroups cannot answer.</exception>
    public Task<BtrfsSpaceReport> MeasureAsync(BtrfsSpaceRequest request, IProgress<BtrfsScanProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.CurrentImage);
        return Task.Run(() => Measure(request, progress, cancellationToken), cancellationToken);
    }

    private async Task<BtrfsSpaceReport> Measure(BtrfsSpaceRequest request, IProgress<BtrfsScanProgress>? progress, CancellationToken cancellationToken)
    {
        var targets = ResolveTargets(request);
        string? reason = null;
        if (request.Method != BtrfsSpaceMethod.Fiemap)
        {
            var report = TryQgroups(request, targets, out reason);
            if (report is not null)
            {
                return report;
            }

            if (request.Method == BtrfsSpaceMethod.Qgroup)
            {
                throw new InvalidOperationException($"Qgroups cannot answer: {reason}.");
            }
        }

        var scans = new ImageScan[targets.Count];
        var tracker = new ScanProgressTracker(progress, targets.Count);
        await Parallel.ForAsync(0, targets.Count, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount }, (i, token) =>
        {
            var target = targets[i];
            if (target.CacheKey is { } key && _cache.TryGetValue(key, out var cached))
            {
                scans[i] = cached;
                tracker.CompleteTree(0);
            }
            else
            {
                var scan = Scan(target.Path, tracker, token);
                if (target.CacheKey is { } storeKey)
                {
                    _cache[storeKey] = scan;
                }

                scans[i] = scan;
            }

            return ValueTask.CompletedTask;
        }).ConfigureAwait(false);

        var sweep = RangeSweep.Run(scans.Select(s => s.Ranges).ToList(), targets.Select(t => t.Role).ToList());
        var images = new List<BtrfsImageSpace>();
        for (var i = 0; i < targets.Count; i++)
        {
            if (targets[i].Role == RangeSetRole.Retained)
            {
                continue;
            }

            images.Add(new BtrfsImageSpace
            {
                Path = targets[i].Path,
                SubvolumeId = targets[i].SubvolumeId,
                IsCurrent = targets[i].Role == RangeSetRole.Current,
                Referenced = BtrfsSpaceFigure.Fiemap(scans[i].Ranges.TotalBytes),
                FreedIfOnlyThisDeleted = BtrfsSpaceFigure.Fiemap(sweep.ExclusivePerSet[i]),
            });
        }

        return new BtrfsSpaceReport
        {
            FreedIfAllOthersDeleted = BtrfsSpaceFigure.Fiemap(sweep.FreedIfAllOthersDeleted),
            Images = images,
            Basis = BtrfsSpaceBasis.FiemapData,
            QgroupUnavailableReason = reason,
            FilesScanned = tracker.FilesScanned,
        };
    }

    private static List<ImageTarget> ResolveTargets(BtrfsSpaceRequest request)
    {
        var targets = new List<ImageTarget>();
        Guid? filesystem = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);

        void Add(string path, RangeSetRole role)
        {
            ArgumentException.ThrowIfNullOrEmpty(path);
            var full = Path.GetFullPath(path).TrimEnd('/');
            if (!seen.Add(full.Length == 0 ? "/" : full))
            {
                throw new ArgumentException($"'{path}' is given more than once.", nameof(request));
            }

            using var handle = NativeFiles.OpenDirectory(path);
            NativeFiles.EnsureBtrfs(handle, path);
            var fsid = BtrfsIoctl.GetFilesystemId(handle, path);
            if (filesystem is { } known && known != fsid)
            {
                throw new ArgumentException($"'{path}' is on another btrfs filesystem than '{request.CurrentImage}'; extents can only be compared within one.", nameof(request));
            }

            filesystem = fsid;
            var isRoot = NativeFiles.Stat(handle, path).Inode == BtrfsAbi.FirstFreeObjectId;
            var info = SubvolumeInfoReader.Read(handle, path);
            (Guid, ulong)? key = isRoot && info.IsReadOnly ? (info.Uuid, info.Generation) : null;
            targets.Add(new ImageTarget(path, role, info.Id, isRoot, key));
        }

        Add(request.CurrentImage, RangeSetRole.Current);
        foreach (var other in request.OtherImages)
        {
            Add(other, RangeSetRole.Other);
        }

        foreach (var retained in request.RetainedPaths)
        {
            Add(retained, RangeSetRole.Retained);
        }

        return targets;
    }

    private static ImageScan Scan(string path, ScanProgressTracker tracker, CancellationToken cancellationToken)
    {
        var ranges = new List<(ulong Start, ulong Length)>();
        using var walker = new TreeWalker { CrossSubvolumes = false };
        long local = 0;
        long reported = 0;
        walker.Walk(
            path,
            (in ScannedFile file) =>
            {
                foreach (ref readonly var extent in file.Extents)
                {
                    if (ScannedFile.CountsAsData(extent))
                    {
                        ranges.Add((extent.Physical, extent.Length));
                    }
                }
            },
            count =>
            {
                local = count;
                if ((count & 1023) == 0)
                {
                    tracker.AddFiles(count - reported);
                    reported = count;
                }
            },
            cancellationToken);
        tracker.CompleteTree(local - reported);
        return new ImageScan(ExtentRangeSet.FromUnsorted(CollectionsMarshal.AsSpan(ranges)), local);
    }

    private static BtrfsSpaceReport? TryQgroups(BtrfsSpaceRequest request, List<ImageTarget> targets, out string? reason)
    {
        var images = targets.Where(t => t.Role != RangeSetRole.Retained).ToList();
        var notRoot = images.FirstOrDefault(t => !t.IsSubvolumeRoot);
        if (notRoot is not null)
        {
            reason = $"'{notRoot.Path}' is not a subvolume root, and qgroups count whole subvolumes";
            return null;
        }

        var distinct = images.Select(t => t.SubvolumeId).Distinct().Count();
        if (distinct != images.Count)
        {
            reason = "two images are the same subvolume";
            return null;
        }

        try
        {
            using var filesystem = BtrfsFilesystem.Open(request.CurrentImage);
            var status = filesystem.GetQuotaStatus();
            if (!status.IsEnabled)
            {
                reason = "quotas are not enabled (enabling them is an administrator's decision)";
                return null;
            }

            if (!status.IsConsistent)
            {
                reason = status.IsSimpleMode ? "quotas are in simple mode, which charges extents to the subvolume that wrote them"
                    : status.IsRescanRunning ? "a quota rescan is running"
                    : "qgroup counters are marked inconsistent (a rescan is needed)";
                return null;
            }

            // Counters are updated at transaction commit; commit so they include the latest writes.
            filesystem.Sync();
            var qgroups = filesystem.GetQgroups().ToDictionary(q => q.Id);
            var others = images.Where(t => t.Role == RangeSetRole.Other).Select(t => BtrfsQgroupId.ForSubvolume(t.SubvolumeId)).ToHashSet();
            BtrfsSpaceFigure headline;
            if (others.Count == 0)
            {
                headline = new BtrfsSpaceFigure(0, BtrfsSpaceBasis.Qgroup, "data+metadata from qgroups (no other images)");
            }
            else
            {
                var group = qgroups.Values.FirstOrDefault(q => q.Id.Level > 0 && q.Children.Count == others.Count && q.Children.All(others.Contains));
                if (group is null)
                {
                    reason = $"no level-1 qgroup holds exactly the {others.Count} non-current image(s) ({string.Join(", ", others)}); create one with BtrfsFilesystem.SetQgroupMembersAsync";
                    return null;
                }

                headline = BtrfsSpaceFigure.FromQgroup(group.Exclusive, group.Id);
            }

            var result = new List<BtrfsImageSpace>(images.Count);
            foreach (var image in images)
            {
                var id = BtrfsQgroupId.ForSubvolume(image.SubvolumeId);
                if (!qgroups.TryGetValue(id, out var qgroup))
                {
                    reason = $"subvolume {image.SubvolumeId} has no qgroup {id}";
                    return null;
                }

                result.Add(new BtrfsImageSpace
                {
                    Path = image.Path,
                    SubvolumeId = image.SubvolumeId,
                    IsCurrent = image.Role == RangeSetRole.Current,
                    Referenced = BtrfsSpaceFigure.FromQgroup(qgroup.Referenced, id),
                    FreedIfOnlyThisDeleted = BtrfsSpaceFigure.FromQgroup(qgroup.Exclusive, id),
                });
            }

            reason = null;
            return new BtrfsSpaceReport { FreedIfAllOthersDeleted = headline, Images = result, Basis = BtrfsSpaceBasis.Qgroup };
        }
        catch (UnauthorizedAccessException e)
        {
            reason = $"reading qgroups needs root ({e.Message})";
            return null;
        }
    }
}
