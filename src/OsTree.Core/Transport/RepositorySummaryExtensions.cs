using OsTree.Repositories;

namespace OsTree.Transport;

/// <summary>The <c>summary</c> file of a repository one publishes (<c>ostree summary -u</c> / <c>summary -v</c>).</summary>
public static class RepositorySummaryExtensions
{
    /// <summary>
    /// Regenerates the repository's <c>summary</c> as <c>ostree summary -u</c> does: every ref of <c>refs/heads</c>
    /// (remote refs are left out) with its commit's size, timestamp and version, plus the repository's mode, the
    /// time, <c>core.tombstone-commits</c> and <c>indexed-deltas</c>. The file is replaced atomically and a stale
    /// <c>summary.sig</c> is removed, since it no longer matches.
    /// </summary>
    /// <param name="repository">The repository.</param>
    /// <param name="lastModified">The time to record; now when null.</param>
    /// <returns>The summary written.</returns>
    /// <exception cref="ObjectNotFoundException">A ref names a commit the repository lacks.</exception>
    public static RepositorySummary UpdateSummary(this Repository repository, DateTimeOffset? lastModified = null)
    {
        ArgumentNullException.ThrowIfNull(repository);
        using var exclusive = repository.Lock(exclusive: true);
        var refs = new List<SummaryRef>();
        foreach (var (name, commit) in repository.ListRefs())
        {
            if (name.Contains(':', StringComparison.Ordinal))
            {
                continue;
            }

            var bytes = repository.ReadMetadataBytes(commit, Objects.ObjectType.Commit);
            refs.Add(SummaryRef.ForCommit(name, commit, (ulong)bytes.Length, Objects.Commit.Parse(bytes)));
        }

        bool tombstones;
        try
        {
            tombstones = repository.Config.GetBoolean("core", "tombstone-commits", false);
        }
        catch (InvalidDataException e)
        {
            throw new RepositoryConfigException($"{repository.Path}/config: {e.Message}", e);
        }

        var summary = RepositorySummary.Create(refs, repository.ModeName, lastModified ?? DateTimeOffset.UtcNow, tombstones);
        Repository.WriteFileAtomically(repository.Path + "/summary", summary.Serialize(), repository.SyncWrites);
        File.Delete(repository.Path + "/summary.sig");
        return summary;
    }

    /// <summary>Reads the repository's <c>summary</c>, if it has one.</summary>
    /// <param name="repository">The repository.</param>
    /// <param name="summary">The summary, when present.</param>
    /// <returns><see langword="true"/> if the repository has a summary.</returns>
    /// <exception cref="InvalidDataException">The file is malformed.</exception>
    public static bool TryReadSummary(this Repository repository, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out RepositorySummary? summary)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var path = repository.Path + "/summary";
        summary = File.Exists(path) ? RepositorySummary.Parse(File.ReadAllBytes(path)) : null;
        return summary is not null;
    }
}
