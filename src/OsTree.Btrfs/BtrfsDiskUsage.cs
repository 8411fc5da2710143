using OsTree.Btrfs.Internal;

namespace OsTree.Btrfs;

/// <summary>
/// Per-file shared and exclusive data, computed as <c>btrfs filesystem du</c> computes it: FIEMAP of each regular
/// file once per (subvolume, inode) per argument; a file's total is the sum of its data extents (inline, delayed and
/// unknown ones skipped), its exclusive part the extents not flagged shared; "set shared" is the union of the shared
/// ranges under one argument. "Shared" means referenced from anywhere else in the filesystem. Metadata is not counted.
/// </summary>
public static class BtrfsDiskUsage
{
    /// <summary>Measures each path in turn (nested subvolumes included, symbolic links not followed).</summary>
    /// <param name="paths">Files or directories on btrfs.</param>
    /// <param name="includeFiles">Also return per-file figures.</param>
    /// <param name="progress">Receives progress now and then.</param>
    /// <param name="cancellationToken">Stops the walk.</param>
    /// <returns>One summary per path, in order.</returns>
    /// <exception cref="NotSupportedException">A path is not on btrfs.</exception>
    public static Task<IReadOnlyList<BtrfsDiskUsageSummary>> MeasureAsync(
        IEnumerable<string> paths,
        bool includeFiles = true,
        IProgress<BtrfsScanProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var list = paths.ToList();
        return Task.Run(() => Measure(list, includeFiles, progress, cancellationToken), cancellationToken);
    }

    private static IReadOnlyList<BtrfsDiskUsageSummary> Measure(List<string> paths, bool includeFiles, IProgress<BtrfsScanProgress>? progress, CancellationToken cancellationToken)
    {
        var results = new List<BtrfsDiskUsageSummary>(paths.Count);
        using var walker = new TreeWalker { CrossSubvolumes = true };
        var shared = new List<(ulong Start, ulong Length)>();
        for (var index = 0; index < paths.Count; index++)
        {
            var path = paths[index];
            var fullPath = Path.GetFullPath(path);
            var files = new List<BtrfsFileUsage>();
            ulong total = 0, exclusive = 0, sharedSum = 0;
            var isFile = false;
            shared.Clear();
            walker.ResetSeen();
            walker.Walk(
                path,
                (in ScannedFile file) =>
                {
                    ulong fileTotal = 0, fileShared = 0;
                    foreach (ref readonly var extent in file.Extents)
                    {
                        if (!ScannedFile.CountsAsData(extent))
                        {
                            continue;
                        }

                        fileTotal += extent.Length;
                        if ((extent.Flags & Internal.Interop.Interop.FiemapFlags.ExtentShared) != 0)
                        {
                            fileShared += extent.Length;
                            shared.Add((extent.Physical, extent.Length));
                        }
                    }

                    total += fileTotal;
                    exclusive += fileTotal - fileShared;
                    sharedSum += fileShared;
                    isFile |= file.Path == fullPath;
                    if (includeFiles)
                    {
                        files.Add(new BtrfsFileUsage(Rebase(file.Path, path), fileTotal, fileTotal - fileShared));
                    }
                },
                count =>
                {
                    if ((count & 255) == 0)
                    {
                        progress?.Report(new BtrfsScanProgress(index, paths.Count, walker.FilesScanned));
                    }
                },
                cancellationToken);

            // For a single file, du prints the plain shared sum; for a directory, the union of shared ranges.
            var setShared = isFile ? sharedSum : ExtentRangeSet.FromUnsorted(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(shared)).TotalBytes;
            results.Add(new BtrfsDiskUsageSummary { Path = path, Total = total, Exclusive = exclusive, SetShared = setShared, Files = files });
            progress?.Report(new BtrfsScanProgress(index + 1, paths.Count, walker.FilesScanned));
        }

        return results;
    }

    /// <summary>Shows a file under the argument as given (relative stays relative), as du prints it.</summary>
    private static string Rebase(string fullPath, string argument)
    {
        var fullArgument = Path.GetFullPath(argument).TrimEnd('/');
        if (fullPath == fullArgument)
        {
            return argument;
        }

        var relative = fullPath[(fullArgument.Length + 1)..];
        return argument.EndsWith('/') ? argument + relative : argument + "/" + relative;
    }
}
