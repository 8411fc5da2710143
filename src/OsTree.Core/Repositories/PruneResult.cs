namespace OsTree.Repositories;

/// <summary>The outcome of <see cref="Repository.Prune"/>.</summary>
/// <param name="ObjectsTotal">Loose objects in the repository before pruning.</param>
/// <param name="ObjectsPruned">Objects deleted (or that would be, in a dry run).</param>
/// <param name="BytesFreed">Their total size on disk, in bytes (apparent size).</param>
/// <param name="DryRun">Whether nothing was deleted.</param>
public sealed record PruneResult(int ObjectsTotal, int ObjectsPruned, long BytesFreed, bool DryRun);
