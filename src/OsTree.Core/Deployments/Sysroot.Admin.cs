using System.Text;

namespace OsTree.Deployments;

public sealed partial class Sysroot
{
    /// <summary>
    /// Creates a stateroot as <c>ostree admin os-init</c>: <c>ostree/deploy/$os</c> with its shared <c>var</c>
    /// (<c>var/tmp</c> mode 1777, <c>var/lib</c>, <c>var/log</c>, and the links <c>var/run → ../run</c>,
    /// <c>var/lock → ../run/lock</c>).
    /// </summary>
    /// <param name="osName">The stateroot name.</param>
    /// <exception cref="DeploymentException">The stateroot exists already.</exception>
    public void InitializeStateRoot(string osName)
    {
        ValidateOsName(osName);
        var root = Combine("ostree/deploy/" + osName);
        if (PosixFileSystem.TryLstat(root, out _))
        {
            throw new DeploymentException($"Creating ostree/deploy/{osName}: File exists");
        }

        PosixFileSystem.CreateDirectory(Combine("ostree/deploy"), 0x1ED);
        PosixFileSystem.MakeDirectory(root, 0x1ED);
        PosixFileSystem.MakeDirectory(root + "/var", 0x1ED);
        PosixFileSystem.MakeDirectory(root + "/var/tmp", 0x3FF /* 01777 */);
        PosixFileSystem.MakeDirectory(root + "/var/lib", 0x1ED);
        PosixFileSystem.MakeDirectory(root + "/var/log", 0x1ED);
        File.CreateSymbolicLink(root + "/var/run", "../run");
        File.CreateSymbolicLink(root + "/var/lock", "../run/lock");
        PosixFileSystem.FsyncDirectory(root + "/var");
        PosixFileSystem.FsyncDirectory(Combine("ostree/deploy"));
        BumpMtime();
    }

    /// <summary>
    /// Pins or unpins a deployment (<c>ostree admin pin [--unpin]</c>): rewrites its origin with
    /// <c>[libostree-transient] pinned=true</c> (or without it). Retention never removes a pinned deployment.
    /// </summary>
    /// <param name="index">The deployment's index in <see cref="Deployments"/>.</param>
    /// <param name="pinned">The new state.</param>
    /// <returns>The deployment as reloaded.</returns>
    /// <exception cref="ArgumentOutOfRangeException">No deployment has this index.</exception>
    public Deployment SetPinned(int index, bool pinned)
    {
        using var sysrootLock = SysrootLock.Acquire(Path, CancellationToken.None);
        Load();
        var deployment = GetByIndex(index);
        if (deployment.IsPinned == pinned)
        {
            return deployment;
        }

        var origin = (deployment.Origin ?? DeploymentOrigin.Parse(string.Empty)).WithPinned(pinned);
        PosixFileSystem.WriteFileAtomically(Combine(deployment.OriginRelativePath), Encoding.UTF8.GetBytes(origin.ToString()), durable: true);
        BumpMtime();
        Load();
        return _deployments[index];
    }

    /// <summary>
    /// Removes one deployment from the boot configuration and deletes it (<c>ostree admin undeploy INDEX</c>).
    /// </summary>
    /// <param name="index">The deployment's index in <see cref="Deployments"/>.</param>
    /// <param name="cancellationToken">Stops the work before the boot configuration is swapped.</param>
    /// <returns>The deployment that was removed.</returns>
    /// <exception cref="DeploymentException">It is the booted deployment.</exception>
    public Deployment Undeploy(int index, CancellationToken cancellationToken = default)
    {
        using var sysrootLock = SysrootLock.Acquire(Path, cancellationToken);
        Load();
        var target = GetByIndex(index);
        if (target.IsSameDeployment(BootedDeployment))
        {
            throw new DeploymentException($"Cannot undeploy currently booted deployment {index}");
        }

        var remaining = _deployments.Where((_, i) => i != index).ToList();
        WriteDeploymentsLocked(remaining, cancellationToken);
        CleanupLocked(cancellationToken);
        return target;
    }

    /// <summary>
    /// Makes the previous deployment boot next, as <c>rpm-ostree rollback</c>: the rollback deployment of the
    /// stateroot moves to the front; when there is none but a pending deployment exists, the booted one moves back to
    /// the front. On an offline sysroot the second deployment of the default stateroot moves to the front.
    /// Nothing is deleted.
    /// </summary>
    /// <param name="cancellationToken">Stops the work before the boot configuration is swapped.</param>
    /// <returns>The deployment that now boots by default.</returns>
    /// <exception cref="DeploymentException">There is no deployment to roll back to.</exception>
    public Deployment Rollback(CancellationToken cancellationToken = default)
    {
        using var sysrootLock = SysrootLock.Acquire(Path, cancellationToken);
        Load();
        if (_deployments.Count == 0)
        {
            throw new DeploymentException("No rollback deployment found");
        }

        Deployment target;
        if (BootedDeployment is { } booted)
        {
            QueryDeploymentsFor(null, out var pending, out var rollback);
            target = rollback ?? (pending is not null ? booted : throw new DeploymentException("No rollback deployment found"));
        }
        else
        {
            var osName = _deployments[0].OsName;
            target = _deployments.Skip(1).FirstOrDefault(d => d.OsName == osName) ?? throw new DeploymentException("No rollback deployment found");
        }

        var order = new List<Deployment> { target };
        order.AddRange(_deployments.Where(d => !d.IsSameDeployment(target)));
        WriteDeploymentsLocked(order, cancellationToken);
        CleanupLocked(cancellationToken);
        return _deployments[0];
    }

    private Deployment GetByIndex(int index)
    {
        if (index < 0 || index >= _deployments.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Out of range deployment index {index}");
        }

        return _deployments[index];
    }
}
