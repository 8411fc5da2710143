namespace OsTree.Deployments;

public sealed partial class Sysroot
{
    /// <summary>
    /// Starts a transaction on a deployment: takes the transaction lock (<c>ostree/transaction.lock</c>), finishes or
    /// rolls back what a killed transaction left (its ref update, a deployment directory its deploy did not finish, its
    /// working tree), then makes a writable working tree from the deployment under <c>ostree/transaction/tree</c> with
    /// <c>/etc</c> replaced by the deployment's pristine <c>usr/etc</c>, as rpm-ostree lets package scripts see it.
    /// </summary>
    /// <param name="options">The stateroot, the working-tree backend and binds; defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops the preparation; what was made is deleted.</param>
    /// <returns>The transaction; dispose it to discard the working tree and release the lock.</returns>
    /// <exception cref="DeploymentException">No deployment to start from, or another transaction is running.</exception>
    public DeploymentTransaction BeginTransaction(DeploymentTransactionOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new DeploymentTransactionOptions();
        Load();
        var osName = options.OsName ?? BootedDeployment?.OsName ?? (_deployments.Count > 0 ? _deployments[0].OsName : null)
            ?? throw new DeploymentException("No deployment to start a transaction from.");
        ValidateOsName(osName);
        var source = GetMergeDeployment(osName)
            ?? throw new DeploymentException($"No deployment of stateroot '{osName}' to start a transaction from.");
        return DeploymentTransaction.Begin(this, source, options, _logger, cancellationToken);
    }
}
