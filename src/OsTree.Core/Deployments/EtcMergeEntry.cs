namespace OsTree.Deployments;

/// <summary>One locally changed path of <c>/etc</c> and what the merge does with it.</summary>
public sealed class EtcMergeEntry
{
    internal EtcMergeEntry(EtcChange change, EtcMergeAction action, bool upstreamChanged, string message)
    {
        Change = change;
        Action = action;
        UpstreamChanged = upstreamChanged;
        Message = message;
    }

    /// <summary>The local change: the path and whether the administrator modified, removed or added it.</summary>
    public EtcChange Change { get; }

    /// <summary>The path relative to <c>/etc</c>.</summary>
    public string Path => Change.Path;

    /// <summary>What the merge does.</summary>
    public EtcMergeAction Action { get; }

    /// <summary>Whether upstream also changed this path between the old and the new default (<c>usr/etc</c>).</summary>
    public bool UpstreamChanged { get; }

    /// <summary>A one-line explanation for people.</summary>
    public string Message { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Action.ToString().ToLowerInvariant()} {Path}: {Message}";
}
