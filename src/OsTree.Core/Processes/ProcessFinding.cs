namespace OsTree.Processes;

/// <summary>A running process that uses files it should not, and the files.</summary>
/// <param name="ProcessId">The process id.</param>
/// <param name="ParentProcessId">Its parent's id (to group helpers under their service).</param>
/// <param name="UserId">The real user id that owns it.</param>
/// <param name="Command">Its command name (<c>/proc/PID/comm</c>).</param>
/// <param name="Executable">The executable's path (<c>/proc/PID/exe</c>), without the <c>(deleted)</c> mark.</param>
/// <param name="Unit">The systemd unit it runs in, when its control group names one.</param>
/// <param name="Reasons">The union of the reasons of its <paramref name="Files"/>.</param>
/// <param name="Files">The files that need attention, the executable first when it is one of them.</param>
public sealed record ProcessFinding(
    int ProcessId,
    int ParentProcessId,
    uint UserId,
    string Command,
    string? Executable,
    SystemdUnit? Unit,
    RestartReasons Reasons,
    IReadOnlyList<MappedFile> Files);
