namespace OsTree.Deployments;

/// <summary>
/// Reads the string metadata of commits (<c>version</c>, <c>ostree.source-title</c>) that boot-entry titles and
/// status lines show.
/// </summary>
internal interface ICommitMetadataSource
{
    /// <summary>A string value of the commit's metadata, or <see langword="null"/> when the commit or key is missing.</summary>
    string? GetString(string commit, string key);
}
