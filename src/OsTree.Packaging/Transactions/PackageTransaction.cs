using OsTree.Deployments;
using OsTree.GVariant;
using OsTree.Objects;
using OsTree.Processes;
using OsTree.Repositories;
using OsTree.Trees;
using OsTree.Usage;

namespace OsTree.Packaging.Transactions;

/// <summary>
/// Transactional package changes: the package manager runs against a new image (a copy or BTRFS snapshot of a
/// deployment) and never against the live system; the new image becomes live in one atomic switch only when the
/// command succeeded, after a preview of the package diff, the space it needs and the processes to restart.
/// </summary>
/// <remarks>
/// Built on <see cref="DeploymentTransaction"/>, which owns the working tree, the isolation and the deploy; this class
/// adds what packages need: the diff between the deployment's database and the working tree's, and the package list
/// in the new commit's metadata (<see cref="PackageList"/>), so that status and diffs read it without a checkout.
/// </remarks>
public static class PackageTransaction
{
    /// <summary>The commit-metadata key that records the command a transaction ran.</summary>
    public const string CommandMetadataKey = "ostree.net.transaction.command";

    /// <summary>
    /// Runs a package-manager command in a working tree made from a deployment, previews the result, and (unless a dry
    /// run or declined) commits it as a child of the deployment's commit and deploys it with the deployment's
    /// <c>/etc</c> changes merged in. On any failure the working tree is discarded and the sysroot is as it was.
    /// </summary>
    /// <param name="sysroot">The sysroot (opened with the deployment backend its deployments use).</param>
    /// <param name="options">The command, the stateroot, the working-tree backend, the confirmation.</param>
    /// <param name="cancellationToken">Kills the command, or stops the work before the boot configuration is swapped.</param>
    /// <returns>The preview, and the new commit and deployment when applied.</returns>
    /// <exception cref="TransactionCommandException">The command failed; nothing was changed.</exception>
    /// <exception cref="DeploymentException">No deployment to start from, another transaction is running, or the deploy failed.</exception>
    public static PackageTransactionResult Run(Sysroot sysroot, PackageTransactionOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sysroot);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Command);
        ArgumentOutOfRangeException.ThrowIfZero(options.Command.Count);
        using var transaction = sysroot.BeginTransaction(new DeploymentTransactionOptions
        {
            OsName = options.OsName,
            WorkingTreeBackend = options.WorkingTreeBackend,
            Binds = options.Binds,
        }, cancellationToken);
        transaction.Run(options.Command, cancellationToken);

        var repository = Repository.Open(sysroot.RepositoryPath);
        var sourceCommit = Checksum.Parse(transaction.Source.Checksum);
        var before = ReadPackages(new CommitFileTree(repository, sourceCommit), cancellationToken);
        var after = ReadPackages(new DirectoryFileTree(transaction.WorkingTreePath), cancellationToken);
        var space = SpacePreflight.Check(
            sysroot.RepositoryPath,
            transaction.GetPendingObjects(cancellationToken),
            c => repository.HasObject(c, ObjectType.File),
            cancellationToken: cancellationToken);
        var (restarts, skipped) = PredictRestarts(sysroot, transaction.WorkingTreePath, cancellationToken);
        var preview = new PackageTransactionPreview(
            transaction.Source,
            transaction.WorkingTreeKind,
            transaction.PreparationTime,
            PackageDiff.Compute(before, after),
            after,
            space,
            restarts,
            skipped);

        if (options.DryRun || (options.Confirm is not null && !options.Confirm(preview)))
        {
            return new PackageTransactionResult(preview, null, null);
        }

        var command = string.Join(' ', options.Command);
        var metadata = repository.ReadCommit(sourceCommit).Metadata
            .Without(PackageList.RpmMetadataKey)
            .Without(PackageList.DpkgMetadataKey)
            .With(CommandMetadataKey, GVariantValue.FromString(command));
        if (after.Count > 0)
        {
            metadata = PackageList.AddToMetadata(metadata, after);
        }

        var commit = transaction.Commit(options.Subject ?? $"Transaction: {command}", metadata, cancellationToken);
        var deployed = transaction.Deploy(cancellationToken);
        return new PackageTransactionResult(preview, commit, deployed);
    }

    private static IReadOnlyList<InstalledPackage> ReadPackages(IFileTree tree, CancellationToken cancellationToken)
        => PackageDatabase.TryOpen(tree, out var database) ? database.ReadPackages(cancellationToken) : [];

    private static (RestartReport? Report, string? SkippedReason) PredictRestarts(Sysroot sysroot, string workingTree, CancellationToken cancellationToken)
    {
        if (sysroot.BootedDeployment is not { } booted)
        {
            return (null, "the running system did not boot from this sysroot, so no running process uses its files");
        }

        var request = new RestartPredictionRequest
        {
            Current = new DeploymentTree(booted.Name, sysroot.GetDeploymentDirectory(booted)),
            CurrentRoot = "/",
            Target = new DeploymentTree("transaction", workingTree),
            RepositoryPath = sysroot.RepositoryPath,
        };
        return (new RestartDetector().PredictAsync(request, cancellationToken: cancellationToken).GetAwaiter().GetResult(), null);
    }
}
