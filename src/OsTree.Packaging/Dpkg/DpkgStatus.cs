namespace OsTree.Packaging.Dpkg;

/// <summary>dpkg's <c>Status: want flag state</c>.</summary>
/// <param name="Want">What the administrator wants.</param>
/// <param name="Flag">Whether the package needs reinstalling.</param>
/// <param name="State">Where installation stands.</param>
public readonly record struct DpkgStatus(DpkgWant Want, DpkgErrorFlag Flag, DpkgState State)
{
    /// <summary>Whether the package counts as present (every state but <c>not-installed</c> and <c>config-files</c>).</summary>
    public bool IsPresent => State is not (DpkgState.NotInstalled or DpkgState.ConfigFiles);

    /// <summary>Whether the package is cleanly installed (<c>ok</c>, and <c>installed</c> or a triggers state).</summary>
    public bool IsClean => Flag == DpkgErrorFlag.Ok && State is DpkgState.Installed or DpkgState.TriggersAwaited or DpkgState.TriggersPending;

    /// <summary>The Status field value as dpkg writes it, such as <c>install ok installed</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"{WantName(Want)} {(Flag == DpkgErrorFlag.Ok ? "ok" : "reinstreq")} {StateName(State)}";

    internal static string WantName(DpkgWant want) => want switch
    {
        DpkgWant.Install => "install",
        DpkgWant.Hold => "hold",
        DpkgWant.Deinstall => "deinstall",
        DpkgWant.Purge => "purge",
        _ => "unknown",
    };

    internal static string StateName(DpkgState state) => state switch
    {
        DpkgState.ConfigFiles => "config-files",
        DpkgState.HalfInstalled => "half-installed",
        DpkgState.Unpacked => "unpacked",
        DpkgState.HalfConfigured => "half-configured",
        DpkgState.TriggersAwaited => "triggers-awaited",
        DpkgState.TriggersPending => "triggers-pending",
        DpkgState.Installed => "installed",
        _ => "not-installed",
    };
}
