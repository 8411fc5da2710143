namespace OsTree.Packaging.Status;

/// <summary>
/// The administrator's view of a sysroot, from <see cref="SystemStatusReader.ReadAsync"/>: how many OS images there
/// are, what they cost beyond the current one, which packages differ and which running programs need a restart.
/// </summary>
public sealed record SystemStatus
{
    /// <summary>The version of the JSON form (<see cref="SystemStatusFormatter.WriteJson"/>); see docs/status.md.</summary>
    public const int SchemaVersion = 1;

    /// <summary>The sysroot's path.</summary>
    public required string SysrootPath { get; init; }

    /// <summary>Whether the running system booted from this sysroot.</summary>
    public required bool IsBooted { get; init; }

    /// <summary>The deployments in boot order.</summary>
    public required IReadOnlyList<DeploymentStatus> Deployments { get; init; }

    /// <summary>The index of the deployment the others are compared with, or -1 when there is none.</summary>
    public required int ReferenceIndex { get; init; }

    /// <summary>The space figures, when measured.</summary>
    public SysrootSpace? Space { get; init; }

    /// <summary>The restart check.</summary>
    public required RestartStatus Restarts { get; init; }

    /// <summary>The reference deployment, if any.</summary>
    public DeploymentStatus? Reference => ReferenceIndex >= 0 ? Deployments[ReferenceIndex] : null;
}
