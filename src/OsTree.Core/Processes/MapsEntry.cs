namespace OsTree.Processes;

/// <summary>One file-backed line of <c>/proc/PID/maps</c>.</summary>
/// <param name="Start">The first address of the range.</param>
/// <param name="End">The address after the range.</param>
/// <param name="Executable">Whether the range is mapped executable (<c>x</c> in the permissions).</param>
/// <param name="Major">The device's major number, as the kernel prints it (the superblock's device).</param>
/// <param name="Minor">The device's minor number.</param>
/// <param name="Inode">The inode number.</param>
/// <param name="Path">The path, without the <c> (deleted)</c> mark.</param>
/// <param name="Deleted">Whether the kernel marked the path <c>(deleted)</c>.</param>
internal readonly record struct MapsEntry(ulong Start, ulong End, bool Executable, uint Major, uint Minor, ulong Inode, string Path, bool Deleted)
{
    /// <summary>The entry's name under <c>/proc/PID/map_files/</c>: <c>%lx-%lx</c>.</summary>
    public string RangeName => $"{Start:x}-{End:x}";
}
