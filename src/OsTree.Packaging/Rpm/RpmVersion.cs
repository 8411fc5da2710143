namespace OsTree.Packaging.Rpm;

/// <summary>rpm's version-segment comparison, <c>rpmvercmp</c>, with its <c>~</c> (pre-release) and <c>^</c> (post-release) rules.</summary>
public static class RpmVersion
{
    /// <summary>Compares two version (or release) strings exactly as rpm's <c>rpmvercmp</c> does.</summary>
    /// <param name="a">A version.</param>
    /// <param name="b">Another version.</param>
    /// <returns>-1 if <paramref name="a"/> is older, 0 if equal, 1 if newer.</returns>
    public static int Compare(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (string.Equals(a, b, StringComparison.Ordinal))
        {
            return 0;
        }

        int one = 0, two = 0;
        while (one < a.Length || two < b.Length)
        {
            while (one < a.Length && !IsSegmentStart(a[one]))
            {
                one++;
            }

            while (two < b.Length && !IsSegmentStart(b[two]))
            {
                two++;
            }

            var c1 = one < a.Length ? a[one] : '\0';
            var c2 = two < b.Length ? b[two] : '\0';

            // '~' sorts before everything, even the end of the string.
            if (c1 == '~' || c2 == '~')
            {
                if (c1 != '~')
                {
                    return 1;
                }

                if (c2 != '~')
                {
                    return -1;
                }

                one++;
                two++;
                continue;
            }

            // '^' sorts after the end of the string but before anything else.
            if (c1 == '^' || c2 == '^')
            {
                if (one >= a.Length)
                {
                    return -1;
                }

                if (two >= b.Length)
                {
                    return 1;
                }

                if (c1 != '^')
                {
                    return 1;
                }

                if (c2 != '^')
                {
                    return -1;
                }

                one++;
                two++;
                continue;
            }

            if (one >= a.Length || two >= b.Length)
            {
                break;
            }

            var end1 = one;
            var end2 = two;
            bool isNumber;
            if (char.IsAsciiDigit(a[one]))
            {
                while (end1 < a.Length && char.IsAsciiDigit(a[end1]))
                {
                    end1++;
                }

                while (end2 < b.Length && char.IsAsciiDigit(b[end2]))
                {
                    end2++;
                }

                isNumber = true;
            }
            else
            {
                while (end1 < a.Length && char.IsAsciiLetter(a[end1]))
                {
                    end1++;
                }

                while (end2 < b.Length && char.IsAsciiLetter(b[end2]))
                {
                    end2++;
                }

                isNumber = false;
            }

            // A numeric segment is newer than an alphabetic one.
            if (two == end2)
            {
                return isNumber ? 1 : -1;
            }

            var s1 = a.AsSpan(one, end1 - one);
            var s2 = b.AsSpan(two, end2 - two);
            if (isNumber)
            {
                s1 = s1.TrimStart('0');
                s2 = s2.TrimStart('0');
                if (s1.Length != s2.Length)
                {
                    return s1.Length > s2.Length ? 1 : -1;
                }
            }

            var rc = s1.SequenceCompareTo(s2);
            if (rc != 0)
            {
                return rc < 0 ? -1 : 1;
            }

            one = end1;
            two = end2;
        }

        if (one >= a.Length && two >= b.Length)
        {
            return 0;
        }

        return one >= a.Length ? -1 : 1;
    }

    private static bool IsSegmentStart(char c) => char.IsAsciiLetterOrDigit(c) || c == '~' || c == '^';
}
