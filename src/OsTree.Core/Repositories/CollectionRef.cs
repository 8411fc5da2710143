namespace OsTree.Repositories;

/// <summary>A ref qualified by the collection it belongs to, as stored under <c>refs/mirrors/&lt;collection id&gt;/</c>.</summary>
/// <param name="CollectionId">The collection id (reverse-DNS, e.g. <c>org.example.Os</c>).</param>
/// <param name="Name">The ref name.</param>
public readonly record struct CollectionRef(string CollectionId, string Name);
