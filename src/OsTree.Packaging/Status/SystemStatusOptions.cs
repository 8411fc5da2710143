using OsTree.Deployments;

namespace OsTree.Packaging.Status;

/// <summary>What <see cref="SystemStatusReader.ReadAsync"/> looks at.</summary>
public sealed record SystemStatusOptions
{
    /// <summary>Read each deployment's package list and diff it against the reference (default true).</summary>
    public bool IncludePackages { get; init; } = true;

    /// <summary>Measure shared and exclusive bytes (default true): the one part that walks whole trees.</summary>
    public bool IncludeSpace { get; init; } = true;

    /// <summary>Scan running processes when the sysroot is the booted one (default true).</summary>
    public bool IncludeRestarts { get; init; } = true;

    /// <summary>
    /// Scan running processes even when the sysroot is not the booted one, for processes started from its deployments
    /// directly (containers, chroots, tests). Default false: an offline sysroot's restart check is not applicable.
    /// </summary>
    public bool ScanProcessesWhenNotBooted { get; init; }

    /// <summary>
    /// The deployment the others are compared with; by default the booted one, else (offline) the default one, which
    /// boots next.
    /// </summary>
    public Deployment? Reference { get; init; }
}
