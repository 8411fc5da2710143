namespace OsTree.Packaging.Status;

/// <summary>Whether <see cref="SystemStatus.Restarts"/> looked at running processes, and why not.</summary>
public enum RestartCheck
{
    /// <summary>The running processes were scanned: the sysroot is the booted one.</summary>
    Scanned,

    /// <summary>The sysroot is not the running system (an image, a mounted disk): no process runs from it.</summary>
    NotApplicable,

    /// <summary>The caller asked not to look (<see cref="SystemStatusOptions.IncludeRestarts"/> is false).</summary>
    Skipped,
}
