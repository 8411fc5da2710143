namespace OsTree.Deployments;

/// <summary>A host file or directory bound read-only into a transaction's working tree while its command runs.</summary>
/// <param name="Source">The absolute host path.</param>
/// <param name="Target">The absolute path inside the tree; a mount point the transaction had to create is removed again before the commit.</param>
public sealed record TransactionBind(string Source, string Target);
