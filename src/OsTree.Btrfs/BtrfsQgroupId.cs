using System.Globalization;

namespace OsTree.Btrfs;

/// <summary>A qgroup id, <c>level/id</c>: level 0 is the subvolume's own qgroup, higher levels group others.</summary>
/// <param name="Level">The level (0 to 65535).</param>
/// <param name="Id">The id within the level (for level 0 the subvolume id; 48 bits).</param>
public readonly record struct BtrfsQgroupId(ushort Level, ulong Id)
{
    private const ulong IdMask = (1UL << 48) - 1;

    /// <summary>The kernel's packed form, <c>level &lt;&lt; 48 | id</c>.</summary>
    public ulong Value => ((ulong)Level << 48) | (Id & IdMask);

    /// <summary>Unpacks the kernel's <c>level &lt;&lt; 48 | id</c> form.</summary>
    /// <param name="value">The packed qgroup id.</param>
    /// <returns>The qgroup id.</returns>
    public static BtrfsQgroupId FromValue(ulong value) => new((ushort)(value >> 48), value & IdMask);

    /// <summary>The level-0 qgroup of a subvolume.</summary>
    /// <param name="subvolumeId">The subvolume id.</param>
    /// <returns>The qgroup id <c>0/subvolumeId</c>.</returns>
    public static BtrfsQgroupId ForSubvolume(ulong subvolumeId) => new(0, subvolumeId);

    /// <summary>Parses <c>level/id</c> as <c>btrfs qgroup</c> prints it.</summary>
    /// <param name="text">Text such as <c>1/100</c>.</param>
    /// <returns>The qgroup id.</returns>
    /// <exception cref="FormatException">The text is not <c>level/id</c>.</exception>
    public static BtrfsQgroupId Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0
            || !ushort.TryParse(text.AsSpan(0, slash), NumberStyles.None, CultureInfo.InvariantCulture, out var level)
            || !ulong.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            || id > IdMask)
        {
            throw new FormatException($"'{text}' is not a qgroup id of the form level/id.");
        }

        return new BtrfsQgroupId(level, id);
    }

    /// <summary>The <c>level/id</c> text.</summary>
    /// <returns>For example <c>0/256</c>.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Level}/{Id}");
}
