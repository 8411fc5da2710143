using OsTree.Deployments;
using OsTree.Usage;

namespace OsTree.Processes;

/// <summary>What <see cref="RestartDetector.ScanAsync"/> looks for.</summary>
public sealed record RestartScanRequest
{
    /// <summary>
    /// The deployments to trace mapped files to (by device and inode). Empty: only deleted and replaced files are
    /// found.
    /// </summary>
    public IReadOnlyList<DeploymentTree> Deployments { get; init; } = [];

    /// <summary>
    /// The id of the deployment that boots next. Files of the other deployments that it does not share are flagged
    /// <see cref="RestartReasons.OtherDeployment"/>. <see langword="null"/>: no such check.
    /// </summary>
    public string? NextBootId { get; init; }

    /// <summary>The repository whose objects mapped files are traced to; <see langword="null"/> for none.</summary>
    public string? RepositoryPath { get; init; }

    /// <summary>The processes to look at; <see langword="null"/> for every process.</summary>
    public IReadOnlyCollection<int>? ProcessIds { get; init; }

    /// <summary>
    /// Whether to look only at executable mappings (code: programs and libraries) and the executable itself, as
    /// needrestart does (the default). Otherwise every file-backed mapping counts, data files included.
    /// </summary>
    public bool ExecutableMappingsOnly { get; init; } = true;

    /// <summary>
    /// The request for a sysroot: every deployment traced, the repository's objects, and the deployment that boots
    /// next (the default one, index 0) as the one whose files are current.
    /// </summary>
    /// <param name="sysroot">A loaded sysroot.</param>
    /// <returns>The request.</returns>
    /// <exception cref="ArgumentException">The sysroot has no deployment.</exception>
    public static RestartScanRequest ForSysroot(Sysroot sysroot)
    {
        ArgumentNullException.ThrowIfNull(sysroot);
        if (sysroot.Deployments.Count == 0)
        {
            throw new ArgumentException($"The sysroot at '{sysroot.Path}' has no deployments.", nameof(sysroot));
        }

        return new RestartScanRequest
        {
            Deployments = SysrootTrees.Of(sysroot),
            NextBootId = SysrootTrees.IdOf(sysroot, sysroot.Deployments[0]),
            RepositoryPath = sysroot.RepositoryPath,
        };
    }
}
