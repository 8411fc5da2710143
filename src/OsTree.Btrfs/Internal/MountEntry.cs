namespace OsTree.Btrfs.Internal;

/// <summary>One line of <c>/proc/self/mountinfo</c>, the fields this package needs.</summary>
/// <param name="Root">The path inside the filesystem that is mounted (field 4).</param>
/// <param name="MountPoint">Where it is mounted (field 5), unescaped.</param>
/// <param name="FilesystemType">The type after the separator, e.g. <c>btrfs</c>.</param>
/// <param name="SuperOptions">The superblock options, e.g. <c>rw,subvolid=256,subvol=/a</c>.</param>
internal readonly record struct MountEntry(string Root, string MountPoint, string FilesystemType, string SuperOptions)
{
    /// <summary>The <c>subvolid=</c> of a btrfs mount, or null.</summary>
    public ulong? SubvolumeId
    {
        get
        {
            foreach (var option in SuperOptions.Split(','))
            {
                if (option.StartsWith("subvolid=", StringComparison.Ordinal)
                    && ulong.TryParse(option.AsSpan("subvolid=".Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
                {
                    return id;
                }
            }

            return null;
        }
    }
}
