namespace OsTree.Btrfs;

/// <summary>Which method <see cref="BtrfsSpaceAccountant"/> may use.</summary>
public enum BtrfsSpaceMethod
{
    /// <summary>Qgroups when quotas are already on, consistent and a level-1 qgroup holds exactly the non-current images; FIEMAP otherwise.</summary>
    Automatic,

    /// <summary>Always the FIEMAP set difference.</summary>
    Fiemap,

    /// <summary>Always qgroups; fails with <see cref="InvalidOperationException"/> when they cannot answer.</summary>
    Qgroup,
}
