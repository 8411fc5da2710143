using OsTree.Deployments;
using OsTree.Objects;

namespace OsTree.Packaging.Transactions;

/// <summary>The outcome of <see cref="PackageTransaction.Run"/>.</summary>
public sealed class PackageTransactionResult
{
    internal PackageTransactionResult(PackageTransactionPreview preview, Checksum? commit, DeployResult? deployment)
    {
        Preview = preview;
        Commit = commit;
        Deployment = deployment;
    }

    /// <summary>What the transaction changes (or would have changed).</summary>
    public PackageTransactionPreview Preview { get; }

    /// <summary>Whether the new image was committed and deployed (not a dry run, not declined).</summary>
    public bool Applied => Deployment is not null;

    /// <summary>The new commit, when applied.</summary>
    public Checksum? Commit { get; }

    /// <summary>The new deployment, when applied.</summary>
    public DeployResult? Deployment { get; }
}
