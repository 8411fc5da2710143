using System.Globalization;

namespace OsTree.Usage;

/// <summary>
/// A repository's free-space floor, as libostree reads it from the <c>[core]</c> keys <c>min-free-space-size</c>
/// (<c>123MB</c>, <c>123GB</c>, <c>123TB</c>) and <c>min-free-space-percent</c> (0–99, default 3). A non-zero size
/// wins over the percentage; 0 for both means no floor.
/// </summary>
/// <param name="SizeMegabytes">The floor in MiB (libostree's MB are 2^20 bytes), or 0.</param>
/// <param name="Percent">The floor as a percentage of the filesystem's size, used when <paramref name="SizeMegabytes"/> is 0.</param>
public sealed record MinimumFreeSpace(ulong SizeMegabytes, int Percent)
{
    /// <summary>libostree's default when the repository's config sets neither key: 3 % of the filesystem.</summary>
    public static MinimumFreeSpace Default { get; } = new(0, 3);

    /// <summary>Reads the two config values as libostree does.</summary>
    /// <param name="minFreeSpaceSize">The value of <c>core.min-free-space-size</c>, or <see langword="null"/> when absent.</param>
    /// <param name="minFreeSpacePercent">The value of <c>core.min-free-space-percent</c>, or <see langword="null"/> when absent.</param>
    /// <returns>The floor.</returns>
    /// <exception cref="FormatException">A value libostree would refuse.</exception>
    public static MinimumFreeSpace Parse(string? minFreeSpaceSize, string? minFreeSpacePercent)
    {
        if (minFreeSpaceSize is null && minFreeSpacePercent is null)
        {
            return Default;
        }

        ulong megabytes = 0;
        if (minFreeSpaceSize is not null)
        {
            var value = minFreeSpaceSize.AsSpan();
            var shift = value.EndsWith("MB", StringComparison.Ordinal) ? 0
                : value.EndsWith("GB", StringComparison.Ordinal) ? 10
                : value.EndsWith("TB", StringComparison.Ordinal) ? 20
                : -1;
            var digits = shift < 0 ? default : value[..^2];
            if (shift < 0 || digits.IsEmpty || digits.ContainsAnyExceptInRange('0', '9')
                || !ulong.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out megabytes))
            {
                throw new FormatException($"Invalid min-free-space-size '{minFreeSpaceSize}': it should be of the format '123MB', '123GB' or '123TB'.");
            }

            // The value is later shifted by 20 more bits into bytes.
            if (megabytes > (ulong.MaxValue >> (20 + shift)))
            {
                throw new FormatException($"Invalid min-free-space-size '{minFreeSpaceSize}': value was too high.");
            }

            megabytes <<= shift;
        }

        var percent = 0;
        if (minFreeSpacePercent is not null)
        {
            if (minFreeSpacePercent.AsSpan().ContainsAnyExceptInRange('0', '9')
                || !int.TryParse(minFreeSpacePercent, NumberStyles.None, CultureInfo.InvariantCulture, out percent)
                || percent > 99)
            {
                throw new FormatException($"Invalid min-free-space-percent '{minFreeSpacePercent}': must be a number from 0 to 99.");
            }
        }

        return new MinimumFreeSpace(megabytes, percent);
    }

    /// <summary>The bytes this floor keeps free on a filesystem.</summary>
    /// <param name="fileSystem">The repository's filesystem.</param>
    /// <returns>The reserved bytes.</returns>
    public long ReservedBytes(FileSystemSpace fileSystem)
    {
        ArgumentNullException.ThrowIfNull(fileSystem);
        return SizeMegabytes > 0
            ? (long)Math.Min(SizeMegabytes << 20, long.MaxValue)
            : (long)(fileSystem.TotalBytes * (Percent / 100.0));
    }
}
