namespace OsTree.Deployments;

/// <summary>
/// What the three-way <c>/etc</c> merge will do, computed without changing anything: every local change of the old
/// deployment (its <c>/etc</c> against its <c>usr/etc</c>), the action taken for each, the conflicts, and the upstream
/// changes that arrive untouched.
/// </summary>
public sealed class EtcMergePlan
{
    internal EtcMergePlan(string originalEtc, string modifiedEtc, string newEtc, IReadOnlyList<EtcChange> localChanges, IReadOnlyList<EtcMergeEntry> entries, IReadOnlyList<EtcChange> upstreamChanges)
    {
        OriginalEtc = originalEtc;
        ModifiedEtc = modifiedEtc;
        NewEtc = newEtc;
        LocalChanges = localChanges;
        Entries = entries;
        UpstreamChanges = upstreamChanges;
        Conflicts = entries.Where(e => e.Action == EtcMergeAction.Conflict).ToArray();
    }

    /// <summary>The old default configuration: the merge deployment's <c>usr/etc</c>.</summary>
    public string OriginalEtc { get; }

    /// <summary>The configuration in use: the merge deployment's <c>etc</c>.</summary>
    public string ModifiedEtc { get; }

    /// <summary>The new deployment's <c>etc</c> (a copy of its <c>usr/etc</c>), which the merge changes.</summary>
    public string NewEtc { get; }

    /// <summary>The local changes in the order libostree applies them: removals, then modifications, then additions.</summary>
    public IReadOnlyList<EtcChange> LocalChanges { get; }

    /// <summary>Each local change with its action, in <see cref="LocalChanges"/> order.</summary>
    public IReadOnlyList<EtcMergeEntry> Entries { get; }

    /// <summary>The entries that stop the merge.</summary>
    public IReadOnlyList<EtcMergeEntry> Conflicts { get; }

    /// <summary>Whether the merge would fail.</summary>
    public bool HasConflicts => Conflicts.Count > 0;

    /// <summary>
    /// What upstream changed between the old and the new default (old <c>usr/etc</c> against the new one), on paths
    /// the administrator did not change: these arrive in the new <c>/etc</c> as they are.
    /// </summary>
    public IReadOnlyList<EtcChange> UpstreamChanges { get; }
}
