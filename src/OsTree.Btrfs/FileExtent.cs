namespace OsTree.Btrfs;

/// <summary>One extent of a file as FIEMAP reports it.</summary>
/// <param name="Logical">The offset in the file.</param>
/// <param name="Physical">Where the data is; on btrfs an address in the filesystem's logical address space, a fine identity for comparing extents.</param>
/// <param name="Length">The extent's length in bytes (uncompressed for <see cref="FileExtentFlags.Encoded"/>).</param>
/// <param name="Flags">The FIEMAP flags.</param>
public readonly record struct FileExtent(ulong Logical, ulong Physical, ulong Length, FileExtentFlags Flags)
{
    /// <summary>Whether the extent takes data space that can be attributed: not inline, not delayed, location known.</summary>
    public bool OccupiesDataSpace => (Flags & (FileExtentFlags.Unknown | FileExtentFlags.Delalloc | FileExtentFlags.DataInline)) == 0 && Length != 0;
}
