namespace OsTree.Btrfs;

/// <summary>Progress of a walk that maps file extents.</summary>
/// <param name="TreesCompleted">Trees (images or arguments) fully scanned, cached ones included.</param>
/// <param name="TreesTotal">Trees to scan.</param>
/// <param name="FilesScanned">Files mapped so far in this call.</param>
public readonly record struct BtrfsScanProgress(int TreesCompleted, int TreesTotal, long FilesScanned);
