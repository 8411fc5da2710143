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
}
