namespace OsTree.Packaging.Status;

/// <summary>The space one deployment takes, in allocated bytes (the unit of <c>du -B1</c>).</summary>
public sealed record DeploymentSpaceFigures
{
    /// <summary>The deployment's id as the space source names it (<c>$checksum.$serial</c>).</summary>
    public required string Id { get; init; }

    /// <summary>Everything the deployment's tree holds, each inode (or extent) once.</summary>
    public required long TotalBytes { get; init; }

    /// <summary>
    /// What it shares: with the reference deployment for hard-link sysroots; with any other image or the repository on
    /// BTRFS (total less exclusive), since extent sharing has no notion of "the reference's share".
    /// </summary>
    public required long SharedBytes { get; init; }

    /// <summary>What no other deployment holds.</summary>
    public required long ExclusiveBytes { get; init; }

    /// <summary>What deleting this deployment alone (then cleaning up) frees.</summary>
    public required long FreedIfDeletedBytes { get; init; }
}
