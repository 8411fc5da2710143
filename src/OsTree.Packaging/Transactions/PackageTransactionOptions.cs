using OsTree.Deployments;

namespace OsTree.Packaging.Transactions;

/// <summary>What <see cref="PackageTransaction.Run"/> runs, on which deployment, and whether it may deploy.</summary>
public sealed class PackageTransactionOptions
{
    /// <summary>The package-manager command (and arguments) to run inside the new image, such as <c>dpkg -i /pkgs/x.deb</c>.</summary>
    public required IReadOnlyList<string> Command { get; init; }

    /// <summary>The stateroot; the booted one, else the default deployment's, when <see langword="null"/>.</summary>
    public string? OsName { get; init; }

    /// <summary>Stop after the preview and discard the working tree.</summary>
    public bool DryRun { get; init; }

    /// <summary>How the working tree is made; a plain copy when <see langword="null"/> (OsTree.Btrfs has a snapshot backend).</summary>
    public IWorkingTreeBackend? WorkingTreeBackend { get; init; }

    /// <summary>Host paths bound read-only into the tree while the command runs.</summary>
    public IReadOnlyList<TransactionBind> Binds { get; init; } = [];

    /// <summary>Asked with the preview before anything is committed; <see langword="false"/> discards. Always yes when <see langword="null"/>.</summary>
    public Func<PackageTransactionPreview, bool>? Confirm { get; init; }

    /// <summary>The new commit's subject; names the command when <see langword="null"/>.</summary>
    public string? Subject { get; init; }
}
