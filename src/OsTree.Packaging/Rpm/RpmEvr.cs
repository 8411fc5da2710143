using System.Globalization;

namespace OsTree.Packaging.Rpm;

/// <summary>An rpm epoch, version and release, ordered as rpm orders installed packages (<c>rpmVersionCompare</c>).</summary>
/// <param name="Epoch">The epoch; <see langword="null"/> when the package has none (ordered as 0).</param>
/// <param name="Version">The version.</param>
/// <param name="Release">The release; <see langword="null"/> when absent (only in <c>E:V-R</c> strings without a release).</param>
public readonly record struct RpmEvr(uint? Epoch, string Version, string? Release) : IComparable<RpmEvr>
{
    /// <summary>
    /// Parses <c>[E:]V[-R]</c> as rpm's <c>rpmverParse</c> does: the epoch is the leading digits before a <c>:</c>,
    /// the release is everything after the last <c>-</c>.
    /// </summary>
    /// <param name="text">The string.</param>
    /// <returns>The parsed value.</returns>
    public static RpmEvr Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        uint? epoch = null;
        var rest = text;
        var digits = 0;
        while (digits < text.Length && char.IsAsciiDigit(text[digits]))
        {
            digits++;
        }

        if (digits < text.Length && text[digits] == ':')
        {
            epoch = digits == 0 ? 0 : uint.TryParse(text.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out var e) ? e : uint.MaxValue;
            rest = text[(digits + 1)..];
        }

        var dash = rest.LastIndexOf('-');
        return dash < 0 ? new RpmEvr(epoch, rest, null) : new RpmEvr(epoch, rest[..dash], rest[(dash + 1)..]);
    }

    /// <summary>
    /// Compares as rpm does: epochs as numbers (absent = 0), then <see cref="RpmVersion.Compare"/> on versions, then on
    /// releases, where an absent release sorts before any release.
    /// </summary>
    /// <param name="other">The other value.</param>
    /// <returns>-1, 0 or 1.</returns>
    public int CompareTo(RpmEvr other)
    {
        var e1 = Epoch ?? 0;
        var e2 = other.Epoch ?? 0;
        if (e1 != e2)
        {
            return e1 < e2 ? -1 : 1;
        }

        var rc = RpmVersion.Compare(Version, other.Version);
        if (rc != 0)
        {
            return rc;
        }

        if (Release is null || other.Release is null)
        {
            return Release is null ? (other.Release is null ? 0 : -1) : 1;
        }

        return RpmVersion.Compare(Release, other.Release);
    }

    /// <summary>The <c>[E:]V-R</c> form rpm-ostree prints: the epoch only when non-zero.</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        var head = Epoch is > 0 ? Epoch.Value.ToString(CultureInfo.InvariantCulture) + ":" + Version : Version;
        return Release is null ? head : head + "-" + Release;
    }
}
