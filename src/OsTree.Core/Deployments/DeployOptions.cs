namespace OsTree.Deployments;

/// <summary>What <see cref="Sysroot.Deploy"/> deploys and how, with <c>ostree admin deploy</c>'s options.</summary>
public sealed class DeployOptions
{
    /// <summary>The stateroot (<c>--os</c>); <see langword="null"/> for the booted deployment's.</summary>
    public string? OsName { get; init; }

    /// <summary>
    /// The commit to deploy: a checksum, or a revision the sysroot repository resolves (a ref such as
    /// <c>os/stable</c>, <c>ref^</c>, a unique checksum prefix), which then also becomes the origin's refspec.
    /// </summary>
    public required string Commit { get; init; }

    /// <summary>
    /// The refspec recorded in the origin file (<c>[origin] refspec</c>); defaults to <see cref="Commit"/>. Ignored
    /// when <see cref="Origin"/> is set.
    /// </summary>
    public string? Refspec { get; init; }

    /// <summary>The complete origin to write (<c>--origin-file</c>).</summary>
    public DeploymentOrigin? Origin { get; init; }

    /// <summary>Do not merge <c>/etc</c> or inherit kernel arguments from any deployment (<c>--no-merge</c>).</summary>
    public bool NoMerge { get; init; }

    /// <summary>
    /// The deployment to merge <c>/etc</c> and kernel arguments from; <see langword="null"/> for the default (the booted
    /// deployment of the stateroot, else its first).
    /// </summary>
    public Deployment? MergeDeployment { get; init; }

    /// <summary>Kernel arguments that replace every value of their key (<c>--karg=KEY=VALUE</c>).</summary>
    public IReadOnlyList<string> KernelArguments { get; init; } = [];

    /// <summary>Kernel arguments appended to the existing ones (<c>--karg-append</c>).</summary>
    public IReadOnlyList<string> AppendKernelArguments { get; init; } = [];

    /// <summary>Kernel arguments to delete (<c>--karg-delete</c>).</summary>
    public IReadOnlyList<string> DeleteKernelArguments { get; init; } = [];

    /// <summary>Start from an empty command line instead of the merge deployment's (<c>--karg-none</c>).</summary>
    public bool NoKernelArguments { get; init; }

    /// <summary>Keep every existing deployment (<c>--retain</c>).</summary>
    public bool Retain { get; init; }

    /// <summary>Keep the deployments before the booted (or merge) one (<c>--retain-pending</c>).</summary>
    public bool RetainPending { get; init; }

    /// <summary>Keep the deployments after the booted (or merge) one (<c>--retain-rollback</c>).</summary>
    public bool RetainRollback { get; init; }

    /// <summary>Add the new deployment after the booted (or merge) one instead of first (<c>--not-as-default</c>).</summary>
    public bool NotAsDefault { get; init; }

    /// <summary>Skip the final cleanup of unreferenced deployments and boot files.</summary>
    public bool NoCleanup { get; init; }
}
