namespace OsTree.Repositories;

/// <summary>What <see cref="Repository.Prune"/> keeps, mirroring <c>ostree prune</c>'s flags.</summary>
public sealed record PruneOptions
{
    /// <summary>Keep only what refs reach (<c>--refs-only</c>); by default every commit present is also a root.</summary>
    public bool RefsOnly { get; init; }

    /// <summary>How many parents to follow from each root (<c>--depth</c>); <see langword="null"/> for all.</summary>
    public int? Depth { get; init; }

    /// <summary>Only count what would be deleted (<c>--no-prune</c>).</summary>
    public bool DryRun { get; init; }
}
