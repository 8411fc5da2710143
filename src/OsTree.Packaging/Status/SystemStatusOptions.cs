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
    /// The deployment the others are compared with; by default the booted one, else (offline) the default one, which
    /// boots next.
    /// </summary>
    public Deployment? Reference { get; init; }
}
