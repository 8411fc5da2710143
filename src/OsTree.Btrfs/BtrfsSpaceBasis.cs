namespace OsTree.Btrfs;

/// <summary>Where a space figure comes from, which decides what it covers.</summary>
public enum BtrfsSpaceBasis
{
    /// <summary>
    /// FIEMAP physical-range set difference: data only, approximate. Metadata is not seen (for trees of small files it
    /// can be most of the cost), compressed extents count at their uncompressed size, and after in-place partial
    /// rewrites the figure can overstate (btrfs frees an old extent only when no part of it is referenced).
    /// </summary>
    FiemapData,

    /// <summary>Qgroup exclusive counters: data and metadata as the kernel accounts them (before RAID/DUP copies).</summary>
    Qgroup,
}
