namespace OsTree.Packaging;

/// <summary>One side of a diff as the formats name it: what the user asked for, and the commit it resolved to.</summary>
/// <param name="Description">What the user named (a ref, <c>booted deployment</c>, a directory).</param>
/// <param name="Checksum">The commit checksum it resolved to, when it is a commit.</param>
public sealed record PackageDiffEndpoint(string Description, string? Checksum = null);
