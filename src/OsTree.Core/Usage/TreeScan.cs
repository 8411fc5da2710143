namespace OsTree.Usage;

/// <summary>Everything <see cref="TreeWalker"/> met in one tree, one element per directory entry (hard links repeat).</summary>
internal sealed class TreeScan
{
    public TreeScan(string root, InodeKey rootKey)
    {
        Root = root;
        RootKey = rootKey;
    }

    public string Root { get; }

    public InodeKey RootKey { get; }

    public List<ScannedInode> Entries { get; } = new(1024);

    /// <summary>
    /// The first relative path met for each inode the walk was asked to locate (<c>pathsFor</c>), if any.
    /// </summary>
    public Dictionary<InodeKey, string>? Paths { get; set; }

    public long Skipped { get; set; }
}
