using OsTree.Deployments;
using OsTree.Usage;

namespace OsTree.Processes;

/// <summary>What <see cref="RestartDetector.PredictAsync"/> compares: the running deployment and a target not yet booted.</summary>
public sealed record RestartPredictionRequest
{
    /// <summary>The deployment the processes run from (its directory in the sysroot).</summary>
    public required DeploymentTree Current { get; init; }

    /// <summary>
    /// Where the processes see <see cref="Current"/>: <c>/</c> on a booted system (the default), or the directory
    /// itself when programs run straight from it.
    /// </summary>
    public string CurrentRoot { get; init; } = "/";

    /// <summary>The deployment to compare with (staged, pending, or any other).</summary>
    public required DeploymentTree Target { get; init; }

    /// <summary>The repository whose objects mapped files are traced to; <see langword="null"/> for none.</summary>
    public string? RepositoryPath { get; init; }

    /// <summary>The processes to look at; <see langword="null"/> for every process.</summary>
    public IReadOnlyCollection<int>? ProcessIds { get; init; }

    /// <summary>Whether to look only at executable mappings and executables (the default), as in <see cref="RestartScanRequest"/>.</summary>
    public bool ExecutableMappingsOnly { get; init; } = true;

    /// <summary>
    /// The prediction for switching a booted sysroot to <paramref name="target"/>: the booted deployment, seen by
    /// processes as <c>/</c>, against the target's directory.
    /// </summary>
    /// <param name="sysroot">A loaded sysroot the running system booted from.</param>
    /// <param name="target">The deployment to compare with (staged, pending or any other).</param>
    /// <returns>The request.</returns>
    /// <exception cref="InvalidOperationException">The running system did not boot from <paramref name="sysroot"/>.</exception>
    public static RestartPredictionRequest ForSysroot(Sysroot sysroot, Deployment target)
    {
        ArgumentNullException.ThrowIfNull(sysroot);
        ArgumentNullException.ThrowIfNull(target);
        var booted = sysroot.BootedDeployment
            ?? throw new InvalidOperationException($"The running system did not boot from the sysroot at '{sysroot.Path}'.");
        return new RestartPredictionRequest
        {
            Current = new DeploymentTree(SysrootTrees.IdOf(sysroot, booted), sysroot.GetDeploymentDirectory(booted)),
            CurrentRoot = "/",
            Target = new DeploymentTree(SysrootTrees.IdOf(sysroot, target), sysroot.GetDeploymentDirectory(target)),
            RepositoryPath = sysroot.RepositoryPath,
        };
    }
}
