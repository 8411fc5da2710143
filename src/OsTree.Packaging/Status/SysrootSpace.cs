namespace OsTree.Packaging.Status;

/// <summary>The space figures of a whole sysroot, as one <see cref="IDeploymentSpaceSource"/> measured them.</summary>
public sealed record SysrootSpace
{
    /// <summary>How they were measured: <c>inodes</c> (hard-link sysroots), <c>btrfs-fiemap</c> or <c>btrfs-qgroups</c>.</summary>
    public required string Method { get; init; }

    /// <summary>One entry per deployment, in boot order.</summary>
    public required IReadOnlyList<DeploymentSpaceFigures> Deployments { get; init; }

    /// <summary>What the other deployments hold that the reference does not.</summary>
    public required long BeyondReferenceBytes { get; init; }

    /// <summary>The headline: what deleting every deployment but the reference, then cleaning up, frees.</summary>
    public required long FreedIfAllOthersDeletedBytes { get; init; }

    /// <summary>Repository content that no deployment uses and nothing keeps (a prune frees it); null when not measured.</summary>
    public long? UnreferencedObjectsBytes { get; init; }

    /// <summary>Everything measured, each inode or extent once (deployments, repository, stateroot <c>var</c>).</summary>
    public required long TotalBytes { get; init; }
}
