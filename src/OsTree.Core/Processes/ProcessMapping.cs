using OsTree.Usage;

namespace OsTree.Processes;

/// <summary>One distinct file a process maps or runs, as read from <c>/proc</c>.</summary>
/// <param name="Path">The path as the process sees it, without the <c>(deleted)</c> mark.</param>
/// <param name="Key">The file's (device, inode): from <c>statx</c> of <c>/proc/PID/map_files</c> when readable, else from maps.</param>
/// <param name="DeviceTrusted">
/// Whether <see cref="InodeKey.Device"/> is the one <c>stat</c> reports. Maps print the superblock's device, which
/// differs from <c>stat</c>'s on BTRFS subvolumes and overlayfs; then only the inode number is compared.
/// </param>
/// <param name="Deleted">Whether the kernel marked it <c>(deleted)</c>.</param>
/// <param name="IsExecutable">Whether this is <c>/proc/PID/exe</c>.</param>
/// <param name="RangeName">The mapping's name under <c>/proc/PID/map_files/</c>, or <see langword="null"/> for the executable.</param>
internal sealed record ProcessMapping(string Path, InodeKey Key, bool DeviceTrusted, bool Deleted, bool IsExecutable, string? RangeName);
