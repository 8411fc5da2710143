namespace OsTree.Usage;

/// <summary>
/// The repository's <c>objects/</c> directory, split by what keeps each inode alive. The four parts
/// <see cref="LinkedFromDeployments"/>, <see cref="Metadata"/>, <see cref="UnreferencedContent"/> and
/// <see cref="RetainedContent"/> add up to <see cref="Total"/>.
/// </summary>
/// <param name="ObjectsPath">The directory walked.</param>
/// <param name="Total">Every inode under <c>objects/</c>, directories included.</param>
/// <param name="LinkedFromDeployments">Objects that are also hard-linked from at least one deployment.</param>
/// <param name="Metadata">
/// Metadata objects (commits, dirtrees, dirmetas, detached metadata, …) and the <c>objects/XX</c> directories:
/// never hard-linked, kept as long as their commit is.
/// </param>
/// <param name="UnreferencedContent">
/// Content objects (<c>.file</c>, <c>.filez</c>) that no deployment links, no retained object names and nothing
/// outside the walk links: what a prune frees once no ref reaches them (the "dangling" line).
/// </param>
/// <param name="RetainedContent">
/// Content objects that no deployment links but that a retained object names or an unknown hard link keeps.
/// </param>
public sealed record RepositorySpace(
    string ObjectsPath,
    SpaceAmount Total,
    SpaceAmount LinkedFromDeployments,
    SpaceAmount Metadata,
    SpaceAmount UnreferencedContent,
    SpaceAmount RetainedContent);
