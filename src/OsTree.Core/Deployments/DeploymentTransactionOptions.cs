namespace OsTree.Deployments;

/// <summary>Which deployment a <see cref="DeploymentTransaction"/> starts from and how its working tree is made.</summary>
public sealed class DeploymentTransactionOptions
{
    /// <summary>The stateroot; the booted one, else the first deployment's, when <see langword="null"/>.</summary>
    public string? OsName { get; init; }

    /// <summary>How the working tree is made; <see cref="CopyWorkingTreeBackend"/> when <see langword="null"/>.</summary>
    public IWorkingTreeBackend? WorkingTreeBackend { get; init; }

    /// <summary>Host paths bound read-only into the tree while the command runs (local packages, for example).</summary>
    public IReadOnlyList<TransactionBind> Binds { get; init; } = [];
}
