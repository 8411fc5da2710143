using OsTree.Objects;
using OsTree.Repositories;

namespace OsTree.Deployments;

/// <summary>
/// Commit metadata from the sysroot's repository (each commit verified against its name by the repository), cached
/// per commit; a sysroot without a repository, or a commit it lacks, has no metadata.
/// </summary>
internal sealed class RepositoryCommitMetadata(string repositoryPath) : ICommitMetadataSource
{
    private readonly Dictionary<string, Commit?> _cache = new(StringComparer.Ordinal);
    private Repository? _repository;

    public string? GetString(string commit, string key)
    {
        if (!_cache.TryGetValue(commit, out var parsed))
        {
            parsed = TryRead(commit);
            _cache[commit] = parsed;
        }

        return parsed?.Metadata.GetStringOrNull(key);
    }

    private Commit? TryRead(string commit)
    {
        if (!Checksum.TryParse(commit, out var checksum) || !Directory.Exists(Path.Combine(repositoryPath, "objects")))
        {
            return null;
        }

        _repository ??= Repository.Open(repositoryPath);
        return _repository.TryReadCommit(checksum, out var parsed) ? parsed : null;
    }
}
