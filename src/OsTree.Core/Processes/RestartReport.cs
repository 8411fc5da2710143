namespace OsTree.Processes;

/// <summary>Which running processes need a restart, and why.</summary>
/// <param name="Processes">The flagged processes, by process id; processes with nothing to report are left out.</param>
/// <param name="Units">The distinct systemd units of the flagged processes, sorted: what to restart.</param>
/// <param name="ProcessesScanned">Processes whose maps were read (kernel threads excluded).</param>
/// <param name="ProcessesSkipped">Processes that vanished during the scan or whose files could not be read (permissions).</param>
public sealed record RestartReport(
    IReadOnlyList<ProcessFinding> Processes,
    IReadOnlyList<SystemdUnit> Units,
    int ProcessesScanned,
    int ProcessesSkipped);
