namespace OsTree.Deployments;

/// <summary>How a transaction's working tree was made.</summary>
public enum WorkingTreeKind
{
    /// <summary>Every file copied out of the repository (a checkout with copies, never hard links).</summary>
    Copy,

    /// <summary>Every file a reflink of its repository object (copy-on-write; BTRFS without a deployment subvolume).</summary>
    ReflinkCopy,

    /// <summary>A writable snapshot of the deployment's BTRFS subvolume.</summary>
    Snapshot,
}
