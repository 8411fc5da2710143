namespace OsTree.Processes;

/// <summary>What the detector read of one process.</summary>
internal sealed record ProcessSnapshot(
    int ProcessId,
    int ParentProcessId,
    uint UserId,
    string Command,
    string? Executable,
    SystemdUnit? Unit,
    IReadOnlyList<ProcessMapping> Mappings);
