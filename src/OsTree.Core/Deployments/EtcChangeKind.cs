namespace OsTree.Deployments;

/// <summary>How a path differs between two <c>/etc</c> trees, with <c>ostree admin config-diff</c>'s letters.</summary>
public enum EtcChangeKind
{
    /// <summary><c>M</c>: present in both, with another type, content, owner or mode.</summary>
    Modified,

    /// <summary><c>D</c>: present only in the original tree.</summary>
    Removed,

    /// <summary><c>A</c>: present only in the changed tree.</summary>
    Added,
}
