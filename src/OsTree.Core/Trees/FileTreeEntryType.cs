namespace OsTree.Trees;

/// <summary>The type of an entry in an <see cref="IFileTree"/>.</summary>
public enum FileTreeEntryType
{
    /// <summary>A regular file.</summary>
    RegularFile,

    /// <summary>A directory.</summary>
    Directory,

    /// <summary>A symbolic link; it is never followed implicitly.</summary>
    SymbolicLink,

    /// <summary>Anything else (device, fifo, socket); OS trees committed by libostree hold none.</summary>
    Other,
}
