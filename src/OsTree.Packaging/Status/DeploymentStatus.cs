namespace OsTree.Packaging.Status;

/// <summary>One deployment as <c>otree status</c> shows it.</summary>
public sealed record DeploymentStatus
{
    /// <summary>Its position in the boot order (0 boots by default), as <c>ostree admin status</c> numbers them.</summary>
    public required int Index { get; init; }

    /// <summary>Its id, <c>$checksum.$serial</c> (<c>$os/$checksum.$serial</c> when two stateroots share one).</summary>
    public required string Id { get; init; }

    /// <summary>Its stateroot.</summary>
    public required string OsName { get; init; }

    /// <summary>The commit it was made from.</summary>
    public required string Checksum { get; init; }

    /// <summary>The deployment serial.</summary>
    public required int Serial { get; init; }

    /// <summary>The commit's <c>version</c> metadata, if any.</summary>
    public string? Version { get; init; }

    /// <summary>The commit's subject, if the commit is in the repository.</summary>
    public string? Subject { get; init; }

    /// <summary>The commit's timestamp, if the commit is in the repository.</summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>The ref it follows (its origin), if any.</summary>
    public string? Refspec { get; init; }

    /// <summary>Its directory.</summary>
    public required string Path { get; init; }

    /// <summary>Whether the running system booted from it.</summary>
    public required bool IsBooted { get; init; }

    /// <summary>Whether it boots next instead of the booted one (only on a booted system).</summary>
    public required bool IsPending { get; init; }

    /// <summary>Whether it is the one to fall back to after the booted one (only on a booted system).</summary>
    public required bool IsRollback { get; init; }

    /// <summary>Whether it is the first in the boot order.</summary>
    public required bool IsDefault { get; init; }

    /// <summary>Whether it is pinned (kept by cleanup).</summary>
    public required bool IsPinned { get; init; }

    /// <summary>Whether it is the deployment the others are compared with.</summary>
    public required bool IsReference { get; init; }

    /// <summary>The number of installed packages, or null when not read or not found.</summary>
    public int? PackageCount { get; init; }

    /// <summary><c>rpm</c> or <c>dpkg</c>, when packages were read.</summary>
    public string? PackageFormat { get; init; }

    /// <summary>Where the package list came from: commit metadata or a database path inside the commit or tree.</summary>
    public string? PackageSource { get; init; }

    /// <summary>Why there is no package list (no database, a malformed one), when packages were asked for.</summary>
    public string? PackageError { get; init; }

    /// <summary>
    /// What booting this deployment instead of the reference changes: the diff from the reference's packages to this
    /// one's. Empty for the reference itself; null when either side has no package list.
    /// </summary>
    public PackageDiff? PackageDiff { get; init; }

    /// <summary>The number of local changes in its <c>/etc</c> against its <c>usr/etc</c>.</summary>
    public int? ConfigChanges { get; init; }

    /// <summary>Its space figures, when measured.</summary>
    public DeploymentSpaceFigures? Space { get; init; }
}
