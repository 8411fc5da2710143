using OsTree.Deployments;
using OsTree.Processes;
using OsTree.Usage;

namespace OsTree.Packaging.Transactions;

/// <summary>What a package transaction will change, computed from the working tree before anything is committed.</summary>
public sealed class PackageTransactionPreview
{
    internal PackageTransactionPreview(
        Deployment source,
        WorkingTreeKind workingTreeKind,
        TimeSpan preparationTime,
        PackageDiff packages,
        IReadOnlyList<InstalledPackage> newPackages,
        PreflightReport space,
        RestartReport? restarts,
        string? restartsSkippedReason)
    {
        Source = source;
        WorkingTreeKind = workingTreeKind;
        PreparationTime = preparationTime;
        Packages = packages;
        NewPackages = newPackages;
        Space = space;
        Restarts = restarts;
        RestartsSkippedReason = restartsSkippedReason;
    }

    /// <summary>The deployment the transaction started from.</summary>
    public Deployment Source { get; }

    /// <summary>How the working tree was made (a BTRFS snapshot, a reflink copy or a copy).</summary>
    public WorkingTreeKind WorkingTreeKind { get; }

    /// <summary>How long making the working tree took.</summary>
    public TimeSpan PreparationTime { get; }

    /// <summary>The packages the command added, removed, upgraded or downgraded.</summary>
    public PackageDiff Packages { get; }

    /// <summary>Every package of the new image (what goes into the commit's package list).</summary>
    public IReadOnlyList<InstalledPackage> NewPackages { get; }

    /// <summary>The repository space the new image's new content needs, against the free space and its floor.</summary>
    public PreflightReport Space { get; }

    /// <summary>The running processes that would use stale files after the switch; <see langword="null"/> when not predicted.</summary>
    public RestartReport? Restarts { get; }

    /// <summary>Why <see cref="Restarts"/> is <see langword="null"/> (the running system did not boot from this sysroot).</summary>
    public string? RestartsSkippedReason { get; }
}
