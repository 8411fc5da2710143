namespace OsTree.Deployments;

/// <summary>What <see cref="IDeploymentBackend.CreateTree"/> must make.</summary>
public sealed class DeploymentTreeRequest
{
    /// <summary>The absolute path of the sysroot.</summary>
    public required string SysrootPath { get; init; }

    /// <summary>The absolute path of the sysroot's repository (<c>ostree/repo</c>).</summary>
    public required string RepositoryPath { get; init; }

    /// <summary>The commit to deploy (64 hexadecimal characters).</summary>
    public required string Commit { get; init; }

    /// <summary>The stateroot.</summary>
    public required string OsName { get; init; }

    /// <summary>The absolute path of the directory to create (<c>ostree/deploy/$os/deploy/$csum.$serial</c>); it does not exist yet.</summary>
    public required string TargetPath { get; init; }

    /// <summary>
    /// The directory of the deployment whose <c>/etc</c> will be merged, if any: a snapshot backend may start from it.
    /// </summary>
    public string? MergeDeploymentPath { get; init; }
}
