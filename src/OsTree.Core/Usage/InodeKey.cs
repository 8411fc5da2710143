namespace OsTree.Usage;

/// <summary>What identifies an inode on a running system: its filesystem's device number and its inode number.</summary>
/// <param name="Device">The device, as <c>makedev(major, minor)</c> is laid out by <c>statx</c>: major in the high 32 bits.</param>
/// <param name="Inode">The inode number.</param>
internal readonly record struct InodeKey(ulong Device, ulong Inode)
{
    public static ulong MakeDevice(uint major, uint minor) => ((ulong)major << 32) | minor;

    public uint Major => (uint)(Device >> 32);

    public uint Minor => (uint)Device;
}
