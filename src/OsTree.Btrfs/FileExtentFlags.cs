namespace OsTree.Btrfs;

/// <summary>FIEMAP extent flags (<c>FIEMAP_EXTENT_*</c> of <c>linux/fiemap.h</c>).</summary>
[Flags]
public enum FileExtentFlags : uint
{
    /// <summary>No flag.</summary>
    None = 0,

    /// <summary>The last extent of the file.</summary>
    Last = 0x1,

    /// <summary>The location is not known yet (physical is 0).</summary>
    Unknown = 0x2,

    /// <summary>Delayed allocation: data not yet written (also sets <see cref="Unknown"/>).</summary>
    Delalloc = 0x4,

    /// <summary>The data is encoded (on btrfs: compressed); lengths are the uncompressed size.</summary>
    Encoded = 0x8,

    /// <summary>The data is encrypted.</summary>
    DataEncrypted = 0x80,

    /// <summary>The extent is not block-aligned.</summary>
    NotAligned = 0x100,

    /// <summary>The data lives inside the metadata (inline extent): it occupies no data space.</summary>
    DataInline = 0x200,

    /// <summary>The data is packed into a block with other files' tails.</summary>
    DataTail = 0x400,

    /// <summary>Allocated but not written (preallocated).</summary>
    Unwritten = 0x800,

    /// <summary>Reported as one extent but made of several.</summary>
    Merged = 0x1000,

    /// <summary>The extent is referenced from somewhere else too (another file, snapshot or reflink copy).</summary>
    Shared = 0x2000,
}
