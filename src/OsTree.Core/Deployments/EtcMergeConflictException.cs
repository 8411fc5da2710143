namespace OsTree.Deployments;

/// <summary>The <c>/etc</c> merge cannot be done; nothing was changed. <see cref="Plan"/> lists every conflict.</summary>
public sealed class EtcMergeConflictException : DeploymentException
{
    /// <summary>Creates the exception for a plan with conflicts.</summary>
    /// <param name="plan">The plan.</param>
    public EtcMergeConflictException(EtcMergePlan plan)
        : base(BuildMessage(plan))
    {
        Plan = plan;
    }

    /// <summary>The merge plan whose <see cref="EtcMergePlan.Conflicts"/> caused the failure.</summary>
    public EtcMergePlan Plan { get; }

    private static string BuildMessage(EtcMergePlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var conflicts = plan.Conflicts;
        return conflicts.Count == 1
            ? $"During /etc merge: {conflicts[0].Message}"
            : $"During /etc merge: {conflicts.Count} conflicts: " + string.Join("; ", conflicts.Select(c => c.Message));
    }
}
