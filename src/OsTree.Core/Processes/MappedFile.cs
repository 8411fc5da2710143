using OsTree.Objects;

namespace OsTree.Processes;

/// <summary>An executable or library a process maps (or runs) that needs its attention, and where it came from.</summary>
/// <param name="Path">The path the kernel reports, as the process sees it, without the <c>(deleted)</c> mark.</param>
/// <param name="Device">The mapped file's device as <c>major:minor</c> (decimal).</param>
/// <param name="Inode">The mapped file's inode number.</param>
/// <param name="IsExecutable">Whether this is the process's executable (<c>/proc/PID/exe</c>) rather than a mapping.</param>
/// <param name="Reasons">Why it matters.</param>
/// <param name="Deployments">The ids of the deployments whose trees hold this very inode; empty when none does.</param>
/// <param name="PathInDeployment">Where the inode is in the first of <paramref name="Deployments"/>, relative to its root.</param>
/// <param name="Object">The repository content object that is this inode (a hard link of it), when one is.</param>
public sealed record MappedFile(
    string Path,
    string Device,
    ulong Inode,
    bool IsExecutable,
    RestartReasons Reasons,
    IReadOnlyList<string> Deployments,
    string? PathInDeployment,
    Checksum? Object);
