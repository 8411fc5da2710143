using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace OsTree.Packaging.Dpkg;

/// <summary>
/// A Debian package version <c>[epoch:]upstream[-revision]</c>, parsed and ordered exactly as dpkg does
/// (<c>parseversion</c> and <c>dpkg_version_compare</c>).
/// </summary>
public readonly struct DpkgVersion : IEquatable<DpkgVersion>, IComparable<DpkgVersion>
{
    /// <summary>Creates a version from its parts.</summary>
    /// <param name="epoch">The epoch (0 when the version has none).</param>
    /// <param name="upstream">The upstream version.</param>
    /// <param name="revision">The Debian revision, empty when there is none.</param>
    public DpkgVersion(int epoch, string upstream, string revision)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        ArgumentNullException.ThrowIfNull(upstream);
        ArgumentNullException.ThrowIfNull(revision);
        Epoch = epoch;
        Upstream = upstream;
        Revision = revision;
    }

    /// <summary>The epoch; 0 when the version string has none.</summary>
    public int Epoch { get; }

    /// <summary>The upstream part.</summary>
    public string Upstream => field ?? string.Empty;

    /// <summary>The Debian revision (after the last <c>-</c>); empty when there is none.</summary>
    public string Revision => field ?? string.Empty;

    /// <summary>Parses a version as dpkg does; syntax dpkg only warns about (a first character that is not a digit, odd characters) is accepted.</summary>
    /// <param name="text">The version string.</param>
    /// <returns>The version.</returns>
    /// <exception cref="FormatException">dpkg refuses the string (empty, embedded blanks, bad epoch, empty revision, empty upstream).</exception>
    public static DpkgVersion Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var error = TryParseCore(text, out var version);
        return error is null ? version : throw new FormatException($"Invalid Debian version '{text}': {error}.");
    }

    /// <summary>Parses a version as dpkg does.</summary>
    /// <param name="text">The version string.</param>
    /// <param name="version">The version, when it parses.</param>
    /// <returns><see langword="true"/> if dpkg accepts the string.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out DpkgVersion version)
    {
        version = default;
        return text is not null && TryParseCore(text, out version) is null;
    }

    /// <summary>Why dpkg refuses <paramref name="text"/>, or <see langword="null"/> if it parses.</summary>
    internal static string? TryParseCore(ReadOnlySpan<char> text, out DpkgVersion version)
    {
        version = default;
        var span = text.Trim(" \t");
        if (span.IsEmpty)
        {
            return "version string is empty";
        }

        if (span.IndexOfAny(' ', '\t') >= 0)
        {
            return "version string has embedded spaces";
        }

        var epoch = 0;
        var colon = span.IndexOf(':');
        if (colon >= 0)
        {
            // strtol: optional blanks are impossible here, an optional sign, then digits.
            var digits = span[..colon];
            if (digits.IsEmpty)
            {
                return "epoch in version is empty";
            }

            var signless = digits[0] is '+' or '-' ? digits[1..] : digits;
            if (signless.IsEmpty || !IsAllDigits(signless))
            {
                return signless.IsEmpty || !char.IsAsciiDigit(signless[0]) ? "epoch in version is empty" : "epoch in version is not number";
            }

            if (!long.TryParse(signless, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > int.MaxValue)
            {
                return digits[0] == '-' ? "epoch in version is negative" : "epoch in version is too big";
            }

            if (digits[0] == '-' && value != 0)
            {
                return "epoch in version is negative";
            }

            if (colon + 1 == span.Length)
            {
                return "nothing after colon in version number";
            }

            epoch = (int)value;
            span = span[(colon + 1)..];
        }

        var revision = ReadOnlySpan<char>.Empty;
        var hyphen = span.LastIndexOf('-');
        if (hyphen >= 0)
        {
            revision = span[(hyphen + 1)..];
            if (revision.IsEmpty)
            {
                return "revision number is empty";
            }

            span = span[..hyphen];
        }

        if (span.IsEmpty)
        {
            return "version number is empty";
        }

        version = new DpkgVersion(epoch, span.ToString(), revision.ToString());
        return null;
    }

    /// <summary>Compares two version strings as <c>dpkg --compare-versions</c> does.</summary>
    /// <param name="a">A version.</param>
    /// <param name="b">Another version.</param>
    /// <returns>Negative if <paramref name="a"/> is older, 0 if equal, positive if newer.</returns>
    /// <exception cref="FormatException">Either string is not a version dpkg accepts.</exception>
    public static int Compare(string a, string b) => Parse(a).CompareTo(Parse(b));

    /// <inheritdoc/>
    public int CompareTo(DpkgVersion other)
    {
        if (Epoch != other.Epoch)
        {
            return Epoch < other.Epoch ? -1 : 1;
        }

        var rc = VerRevCmp(Upstream, other.Upstream);
        return rc != 0 ? rc : VerRevCmp(Revision, other.Revision);
    }

    /// <inheritdoc/>
    public bool Equals(DpkgVersion other) => CompareTo(other) == 0;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is DpkgVersion other && Equals(other);

    /// <summary>A hash consistent with dpkg's equality (<c>1.01</c> equals <c>1.1</c>, <c>1.0</c> equals <c>1.0-0</c>).</summary>
    /// <returns>The hash.</returns>
    public override int GetHashCode() => HashCode.Combine(Epoch, Canonical(Upstream), Canonical(Revision));

    /// <summary>The version as dpkg prints it: the epoch only when non-zero, the revision only when present.</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        var head = Epoch != 0 ? Epoch.ToString(CultureInfo.InvariantCulture) + ":" + Upstream : Upstream;
        return Revision.Length > 0 ? head + "-" + Revision : head;
    }

    /// <summary>Whether <paramref name="left"/> equals <paramref name="right"/> in dpkg's ordering.</summary>
    public static bool operator ==(DpkgVersion left, DpkgVersion right) => left.Equals(right);

    /// <summary>Whether <paramref name="left"/> differs from <paramref name="right"/> in dpkg's ordering.</summary>
    public static bool operator !=(DpkgVersion left, DpkgVersion right) => !left.Equals(right);

    /// <summary>Whether <paramref name="left"/> is older.</summary>
    public static bool operator <(DpkgVersion left, DpkgVersion right) => left.CompareTo(right) < 0;

    /// <summary>Whether <paramref name="left"/> is older or equal.</summary>
    public static bool operator <=(DpkgVersion left, DpkgVersion right) => left.CompareTo(right) <= 0;

    /// <summary>Whether <paramref name="left"/> is newer.</summary>
    public static bool operator >(DpkgVersion left, DpkgVersion right) => left.CompareTo(right) > 0;

    /// <summary>Whether <paramref name="left"/> is newer or equal.</summary>
    public static bool operator >=(DpkgVersion left, DpkgVersion right) => left.CompareTo(right) >= 0;

    // dpkg's order(): '~' sorts before everything, even the end of the string; letters before other symbols.
    private static int Order(char c)
    {
        if (char.IsAsciiDigit(c))
        {
            return 0;
        }

        if (char.IsAsciiLetter(c))
        {
            return c;
        }

        if (c == '~')
        {
            return -1;
        }

        return c + 256;
    }

    // dpkg's verrevcmp().
    private static int VerRevCmp(string a, string b)
    {
        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            var firstDiff = 0;
            while ((i < a.Length && !char.IsAsciiDigit(a[i])) || (j < b.Length && !char.IsAsciiDigit(b[j])))
            {
                var ac = i < a.Length ? Order(a[i]) : 0;
                var bc = j < b.Length ? Order(b[j]) : 0;
                if (ac != bc)
                {
                    return ac - bc < 0 ? -1 : 1;
                }

                i++;
                j++;
            }

            while (i < a.Length && a[i] == '0')
            {
                i++;
            }

            while (j < b.Length && b[j] == '0')
            {
                j++;
            }

            while (i < a.Length && char.IsAsciiDigit(a[i]) && j < b.Length && char.IsAsciiDigit(b[j]))
            {
                if (firstDiff == 0)
                {
                    firstDiff = a[i] - b[j];
                }

                i++;
                j++;
            }

            if (i < a.Length && char.IsAsciiDigit(a[i]))
            {
                return 1;
            }

            if (j < b.Length && char.IsAsciiDigit(b[j]))
            {
                return -1;
            }

            if (firstDiff != 0)
            {
                return firstDiff < 0 ? -1 : 1;
            }
        }

        return 0;
    }

    // A form where equal versions are equal strings: leading zeros of digit runs removed, a lone "0" run kept empty.
    private static string Canonical(string s)
    {
        var builder = new System.Text.StringBuilder(s.Length);
        var i = 0;
        while (i < s.Length)
        {
            if (char.IsAsciiDigit(s[i]))
            {
                while (i < s.Length && s[i] == '0')
                {
                    i++;
                }

                while (i < s.Length && char.IsAsciiDigit(s[i]))
                {
                    builder.Append(s[i++]);
                }

                builder.Append('#');
            }
            else
            {
                builder.Append(s[i++]);
            }
        }

        return builder.ToString().Replace("#", string.Empty, StringComparison.Ordinal);
    }

    private static bool IsAllDigits(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
