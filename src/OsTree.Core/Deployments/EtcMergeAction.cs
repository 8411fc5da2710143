namespace OsTree.Deployments;

/// <summary>What the <c>/etc</c> merge does with one locally changed path.</summary>
public enum EtcMergeAction
{
    /// <summary>The administrator's version is copied into the new <c>/etc</c>; upstream did not change this path.</summary>
    Keep,

    /// <summary>
    /// The administrator's version is copied into the new <c>/etc</c> and replaces a new upstream default (upstream
    /// changed or removed the path): the upstream change is not visible on the new deployment.
    /// </summary>
    Replace,

    /// <summary>The administrator removed the path; it is removed from the new <c>/etc</c> too.</summary>
    Remove,

    /// <summary>
    /// The local change does not survive: a directory whose owner or mode alone changed takes the upstream metadata,
    /// and special files (sockets, devices, FIFOs) are not copied.
    /// </summary>
    Lost,

    /// <summary>The merge cannot proceed (for example, a modified file became a directory upstream); the deploy fails.</summary>
    Conflict,
}
