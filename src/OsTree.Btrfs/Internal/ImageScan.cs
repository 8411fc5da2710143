namespace OsTree.Btrfs.Internal;

/// <summary>The data ranges one tree references, and how many files it took to find them.</summary>
internal sealed record ImageScan(ExtentRangeSet Ranges, long Files);
