using OsTree.Objects;
using OsTree.Repositories;

namespace OsTree.Deployments;

/// <summary>
/// Commit metadata read from the sysroot repository's loose commit objects (<c>objects/xx/….commit</c>, the same in
/// every mode), each re-hashed against its name before it is trusted.
/// </summary>
internal sealed class RepositoryCommitMetadata(string repositoryPath) : ICommitMetadataSource
{
    private readonly Dictionary<string, Commit?> _cache = new(StringComparer.Ordinal);

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
        if (!Checksum.TryParse(commit, out var checksum))
        {
            return null;
        }

        var path = Path.Combine(repositoryPath, ObjectName.GetRelativePath(checksum, ObjectType.Commit, RepositoryMode.Bare));
        if (!File.Exists(path))
        {
            return null;
        }

        var bytes = File.ReadAllBytes(path);
        if (Checksum.Compute(bytes) != checksum)
        {
            throw new InvalidDataException($"Commit object {commit} is corrupt: its content does not hash to its name.");
        }

        return Commit.Parse(bytes);
    }
}
