namespace OsTree.Packaging.Dpkg;

/// <summary>The third word of dpkg's Status field, in dpkg's own order.</summary>
public enum DpkgState
{
    /// <summary><c>not-installed</c>: absent.</summary>
    NotInstalled,

    /// <summary><c>config-files</c>: removed, configuration files left (absent for a diff).</summary>
    ConfigFiles,

    /// <summary><c>half-installed</c>: an installation or removal was interrupted.</summary>
    HalfInstalled,

    /// <summary><c>unpacked</c>: files in place, not configured.</summary>
    Unpacked,

    /// <summary><c>half-configured</c>: configuration was interrupted.</summary>
    HalfConfigured,

    /// <summary><c>triggers-awaited</c>.</summary>
    TriggersAwaited,

    /// <summary><c>triggers-pending</c>.</summary>
    TriggersPending,

    /// <summary><c>installed</c>.</summary>
    Installed,
}
