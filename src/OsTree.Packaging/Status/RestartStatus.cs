using OsTree.Processes;

namespace OsTree.Packaging.Status;

/// <summary>Which running programs need a restart, or why the question was not asked.</summary>
public sealed record RestartStatus
{
    /// <summary>Whether processes were scanned.</summary>
    public required RestartCheck Check { get; init; }

    /// <summary>Why not, in a sentence, when <see cref="Check"/> is not <see cref="RestartCheck.Scanned"/>.</summary>
    public string? Reason { get; init; }

    /// <summary>The scan's result (against the deployment that boots next), when scanned.</summary>
    public RestartReport? Report { get; init; }
}
