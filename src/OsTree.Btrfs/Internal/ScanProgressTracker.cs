namespace OsTree.Btrfs.Internal;

/// <summary>
/// Turns the counts of trees walked in parallel into one monotonic sequence of <see cref="BtrfsScanProgress"/>:
/// counting and reporting happen under one lock, so a slower thread can never report an older figure after a
/// newer one, and the last report of a measurement is always every tree completed.
/// </summary>
internal sealed class ScanProgressTracker(IProgress<BtrfsScanProgress>? progress, int treesTotal)
{
    private readonly Lock _gate = new();
    private int _treesCompleted;
    private long _filesScanned;

    /// <summary>Files scanned so far, by every tree.</summary>
    public long FilesScanned
    {
        get
        {
            lock (_gate)
            {
                return _filesScanned;
            }
        }
    }

    /// <summary>Adds files a walk has scanned since its last call, and reports.</summary>
    public void AddFiles(long files)
    {
        lock (_gate)
        {
            _filesScanned += files;
            progress?.Report(new BtrfsScanProgress(_treesCompleted, treesTotal, _filesScanned));
        }
    }

    /// <summary>Counts one more tree as completed, with the files its walk scanned that were not yet added, and reports.</summary>
    public void CompleteTree(long files)
    {
        lock (_gate)
        {
            _filesScanned += files;
            _treesCompleted++;
            progress?.Report(new BtrfsScanProgress(_treesCompleted, treesTotal, _filesScanned));
        }
    }
}
