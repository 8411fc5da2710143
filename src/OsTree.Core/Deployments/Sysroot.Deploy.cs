using System.Text;
using Microsoft.Extensions.Logging;

namespace OsTree.Deployments;

public sealed partial class Sysroot
{
    /// <summary>
    /// Deploys a commit as <c>ostree admin deploy</c> does: the backend makes <c>ostree/deploy/$os/deploy/$csum.$serial</c>,
    /// the tree is checked (a kernel in <c>usr/lib/modules</c>, not both <c>/etc</c> and <c>/usr/etc</c>), <c>/etc</c> is
    /// copied from <c>usr/etc</c> and merged from the merge deployment, the origin is written and the directory made
    /// immutable; then the new deployment list (with libostree's retention) becomes the boot configuration through
    /// one atomic swap, and what is no longer referenced is deleted.
    /// </summary>
    /// <remarks>
    /// Any failure before the swap (no kernel, an <c>/etc</c> conflict, cancellation) deletes the new directory and
    /// leaves the boot configuration untouched. After a crash the next call deletes the leftovers first.
    /// </remarks>
    /// <param name="options">What to deploy.</param>
    /// <param name="cancellationToken">Stops the work before the boot configuration is swapped.</param>
    /// <returns>The new deployment and the merge that was applied.</returns>
    /// <exception cref="DeploymentException">The tree cannot be deployed.</exception>
    /// <exception cref="EtcMergeConflictException">The <c>/etc</c> merge has a conflict.</exception>
    public DeployResult Deploy(DeployOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.Commit);
        var backend = _backend;
        using var sysrootLock = SysrootLock.Acquire(Path, cancellationToken);
        Load();
        var osName = options.OsName ?? BootedDeployment?.OsName ?? throw new DeploymentException("Not booted into an OSTree system: name the stateroot (--os).");
        ValidateOsName(osName);
        if (!Directory.Exists(Combine($"ostree/deploy/{osName}/var")))
        {
            throw new DeploymentException($"No stateroot '{osName}': run os-init first.");
        }

        var merge = options.NoMerge ? null : options.MergeDeployment ?? GetMergeDeployment(osName);

        // Leftovers of an interrupted run (deployment directories without an entry, inactive boot versions).
        CleanupLeftovers(cancellationToken);

        var kargs = BuildKernelArguments(options, merge);
        var (commit, resolvedRefspec) = ResolveCommit(options.Commit);
        var serial = AllocateDeploySerial(osName, commit);
        var name = $"{commit}.{Format(serial)}";
        var relative = $"ostree/deploy/{osName}/deploy/{name}";
        var directory = Combine(relative);
        var origin = options.Origin ?? DeploymentOrigin.FromRefspec(options.Refspec ?? resolvedRefspec ?? commit);

        EtcMergePlan? plan;
        Deployment created;
        try
        {
            _logger.LogInformation("Creating {Deployment} with {Backend}", relative, backend.Name);
            PosixFileSystem.DeleteTree(directory);
            backend.CreateTree(new DeploymentTreeRequest
            {
                SysrootPath = Path,
                RepositoryPath = RepositoryPath,
                Commit = commit,
                OsName = osName,
                TargetPath = directory,
                MergeDeploymentPath = merge is null ? null : GetDeploymentDirectory(merge),
            }, cancellationToken);

            var layout = KernelLayout.Find(directory, cancellationToken)
                ?? throw new DeploymentException($"Commit {commit} cannot be deployed: Failed to find kernel in /usr/lib/modules (expected usr/lib/modules/$kver/vmlinuz)");
            PrepareEtc(directory, commit, cancellationToken);
            plan = merge is null ? null : MergeEtc(merge, directory, cancellationToken);

            PosixFileSystem.DeleteFileIfExists(directory + "/etc/.updated");
            PosixFileSystem.DeleteFileIfExists(Combine($"ostree/deploy/{osName}/var/.updated"));
            MarkVarLabeled(osName, directory);
            PosixFileSystem.WriteFileAtomically(directory + ".origin", Encoding.UTF8.GetBytes(origin.ToString()), durable: false);

            var bootConfig = new BootLoaderEntry();
            var inherited = kargs?.ToString() ?? merge?.BootConfig.Options;
            if (inherited is not null)
            {
                bootConfig.Options = inherited;
            }

            created = new Deployment(osName, commit, serial, layout.BootChecksum, 0, 0, bootConfig, origin, isBooted: false);
            if (OsRelease.GetTitle(directory) is null)
            {
                throw new DeploymentException("No PRETTY_NAME or ID in /etc/os-release");
            }

            PosixFileSystem.SetImmutable(directory, immutable: true);
            cancellationToken.ThrowIfCancellationRequested();
        }
        catch
        {
            // Nothing references the directory yet: remove it so the sysroot is as it was.
            if (PosixFileSystem.TryLstat(directory, out _))
            {
                PosixFileSystem.SetImmutable(directory, immutable: false);
                PosixFileSystem.DeleteFileIfExists(directory + ".origin");
                backend.DeleteTree(directory, CancellationToken.None);
            }

            throw;
        }

        WriteDeploymentsLocked(ApplyRetention(created, merge, osName, options), cancellationToken);
        if (!options.NoCleanup)
        {
            CleanupLocked(cancellationToken);
        }

        var deployed = _deployments.First(d => d.IsSameDeployment(created));
        return new DeployResult(deployed, merge, plan);
    }

    /// <summary>
    /// Computes the <c>/etc</c> merge a deployment of a tree would get, without changing anything.
    /// </summary>
    /// <param name="mergeDeployment">The deployment whose configuration is carried over.</param>
    /// <param name="newUsrEtc">The new tree's <c>usr/etc</c> (a checkout, or the new deployment's copy).</param>
    /// <param name="cancellationToken">Stops the walk.</param>
    /// <returns>Every local change with its action, the conflicts and the upstream changes.</returns>
    public EtcMergePlan PlanEtcMerge(Deployment mergeDeployment, string newUsrEtc, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mergeDeployment);
        var dir = GetDeploymentDirectory(mergeDeployment);
        return EtcMerge.Plan(dir + "/usr/etc", dir + "/etc", newUsrEtc, cancellationToken);
    }

    /// <summary>The local changes of a deployment's <c>/etc</c>, as <c>ostree admin config-diff</c> lists them.</summary>
    /// <param name="deployment">The deployment.</param>
    /// <param name="cancellationToken">Stops the walk.</param>
    /// <returns>The changes against its <c>usr/etc</c>.</returns>
    public IReadOnlyList<EtcChange> GetConfigDiff(Deployment deployment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        var dir = GetDeploymentDirectory(deployment);
        return EtcMerge.Diff(dir + "/usr/etc", dir + "/etc", cancellationToken);
    }

    /// <summary>
    /// libostree relabels the stateroot's /var on the first deploy and then writes the stamp <c>var/.ostree-selabeled</c>.
    /// Without an SELinux policy in the tree the relabeling is a no-op and the stamp is written as libostree writes it;
    /// with one, relabeling is left to libostree (no stamp), since this library does not label files.
    /// </summary>
    private void MarkVarLabeled(string osName, string deploymentDirectory)
    {
        var stamp = Combine($"ostree/deploy/{osName}/var/.ostree-selabeled");
        if (PosixFileSystem.TryLstat(stamp, out _))
        {
            return;
        }

        if (File.Exists(deploymentDirectory + "/etc/selinux/config"))
        {
            _logger.LogWarning("The tree has an SELinux policy; /var of stateroot {OsName} is not relabeled (libostree does it on its next deploy)", osName);
            return;
        }

        PosixFileSystem.WriteFileAtomically(stamp, [], durable: true);
    }

    /// <summary>A full checksum as is; anything else resolved by the sysroot repository (and kept as the refspec).</summary>
    private (string Commit, string? Refspec) ResolveCommit(string revision)
    {
        if (revision.Length == OsTree.Objects.Checksum.HexLength && OsTree.Objects.Checksum.TryParse(revision, out var parsed))
        {
            return (parsed.ToString(), null);
        }

        var repository = Repositories.Repository.Open(RepositoryPath);
        return (repository.ResolveRev(revision).ToString(), revision);
    }

    private static KernelArguments? BuildKernelArguments(DeployOptions options, Deployment? merge)
    {
        KernelArguments? kargs = null;
        if (options.NoKernelArguments)
        {
            kargs = new KernelArguments();
        }
        else if (merge is not null && (options.KernelArguments.Count > 0 || options.AppendKernelArguments.Count > 0 || options.DeleteKernelArguments.Count > 0))
        {
            kargs = KernelArguments.Parse(merge.BootConfig.Options);
        }

        foreach (var arg in options.KernelArguments)
        {
            (kargs ??= new KernelArguments()).Replace(arg);
        }

        foreach (var arg in options.AppendKernelArguments)
        {
            (kargs ??= new KernelArguments()).Append(arg);
        }

        foreach (var arg in options.DeleteKernelArguments)
        {
            try
            {
                (kargs ??= new KernelArguments()).Delete(arg);
            }
            catch (ArgumentException e)
            {
                throw new DeploymentException(e.Message, e);
            }
        }

        return kargs;
    }

    private int AllocateDeploySerial(string osName, string commit)
    {
        var serial = 0;
        var deployDir = Combine($"ostree/deploy/{osName}/deploy");
        if (Directory.Exists(deployDir))
        {
            foreach (var entry in Directory.EnumerateDirectories(deployDir))
            {
                if (TryParseDeployName(System.IO.Path.GetFileName(entry), out var csum, out var existing) && csum == commit)
                {
                    serial = Math.Max(serial, existing + 1);
                }
            }
        }
        else
        {
            PosixFileSystem.CreateDirectory(deployDir, 0x1ED);
        }

        return serial;
    }

    /// <summary>libostree's prepare_deployment_etc: refuse /etc with /usr/etc, rename a lone /etc, copy usr/etc to etc.</summary>
    private static void PrepareEtc(string directory, string commit, CancellationToken cancellationToken)
    {
        var hasEtc = PosixFileSystem.TryLstat(directory + "/etc", out _);
        var hasUsrEtc = PosixFileSystem.TryLstat(directory + "/usr/etc", out _);
        if (hasEtc)
        {
            if (hasUsrEtc)
            {
                throw new DeploymentException($"Commit {commit} cannot be deployed: Tree contains both /etc and /usr/etc");
            }

            PosixFileSystem.Rename(directory + "/etc", directory + "/usr/etc");
            hasUsrEtc = true;
        }

        if (hasUsrEtc)
        {
            PosixFileSystem.CopyDirectory(directory + "/usr/etc", directory + "/etc", cancellationToken);
        }
    }

    private EtcMergePlan MergeEtc(Deployment merge, string directory, CancellationToken cancellationToken)
    {
        var mergeDir = GetDeploymentDirectory(merge);
        if (!Directory.Exists(mergeDir + "/usr/etc") || !Directory.Exists(mergeDir + "/etc") || !Directory.Exists(directory + "/etc"))
        {
            throw new DeploymentException($"During /etc merge: {merge.RelativePath} or the new tree has no usr/etc and etc");
        }

        var plan = EtcMerge.Plan(mergeDir + "/usr/etc", mergeDir + "/etc", directory + "/etc", cancellationToken);
        _logger.LogInformation(
            "Copying /etc changes: {Modified} modified, {Removed} removed, {Added} added",
            plan.LocalChanges.Count(c => c.Kind == EtcChangeKind.Modified),
            plan.LocalChanges.Count(c => c.Kind == EtcChangeKind.Removed),
            plan.LocalChanges.Count(c => c.Kind == EtcChangeKind.Added));
        foreach (var entry in plan.Entries)
        {
            _logger.LogDebug("/etc merge: {Entry}", entry);
        }

        EtcMerge.Apply(plan, _logger, cancellationToken);
        return plan;
    }

    /// <summary>libostree's simple_write_deployment: the new deployment first (or after the crossover), then what is kept.</summary>
    private List<Deployment> ApplyRetention(Deployment created, Deployment? merge, string osName, DeployOptions options)
    {
        var retain = options.Retain;
        if (BootedDeployment is null && merge is null && (options.RetainPending || options.RetainRollback))
        {
            retain = true;
        }

        var result = new List<Deployment>();
        var addedNew = false;
        if (!options.NotAsDefault)
        {
            result.Add(created);
            addedNew = true;
        }

        var beforeBooted = true;
        var beforeMerge = true;
        foreach (var d in _deployments)
        {
            var isBooted = d.IsSameDeployment(BootedDeployment);
            var isMerge = d.IsSameDeployment(merge);
            beforeBooted &= !isBooted;
            beforeMerge &= !isMerge;
            var passedCrossover = BootedDeployment is not null ? !beforeBooted : !beforeMerge;
            if (retain || d.IsPinned || d.OsName != osName || (options.RetainPending && !passedCrossover) || isBooted || isMerge
                || (options.RetainRollback && passedCrossover))
            {
                result.Add(d);
            }

            if (!addedNew && passedCrossover)
            {
                result.Add(created);
                addedNew = true;
            }
        }

        if (!addedNew)
        {
            result.Add(created);
        }

        return result;
    }
}
