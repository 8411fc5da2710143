namespace OsTree.Deployments;

/// <summary>
/// glibc's <c>strverscmp</c>, which libostree uses to order boot-loader entries by their <c>version</c> key:
/// digit runs compare numerically, and runs with leading zeros compare as fractional parts.
/// </summary>
internal sealed class VersionComparer : IComparer<string>
{
    /// <summary>The shared instance.</summary>
    internal static readonly VersionComparer Instance = new();

    // The state machine of glibc's string/strverscmp.c: states N (normal), I (integer), F (fraction), Z (leading zeros).
    private const int StateN = 0;
    private const int StateI = 3;
    private const int StateF = 6;
    private const int StateZ = 9;
    private const int Cmp = 2;
    private const int Len = 3;

    private static readonly int[] NextState =
    [
        /* N */ StateN, StateI, StateZ,
        /* I */ StateN, StateI, StateI,
        /* F */ StateN, StateF, StateF,
        /* Z */ StateN, StateF, StateZ,
    ];

    private static readonly int[] ResultType =
    [
        /* N */ Cmp, Cmp, Cmp, Cmp, Len, Cmp, Cmp, Cmp, Cmp,
        /* I */ Cmp, -1, -1, +1, Len, Len, +1, Len, Len,
        /* F */ Cmp, Cmp, Cmp, Cmp, Cmp, Cmp, Cmp, Cmp, Cmp,
        /* Z */ Cmp, +1, +1, -1, Cmp, Cmp, -1, Cmp, Cmp,
    ];

    /// <inheritdoc/>
    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return -1;
        }

        if (y is null)
        {
            return 1;
        }

        return Compare(System.Text.Encoding.UTF8.GetBytes(x), System.Text.Encoding.UTF8.GetBytes(y));
    }

    /// <summary>Compares two byte strings exactly as <c>strverscmp</c> compares C strings.</summary>
    internal static int Compare(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        var i = 0;
        var j = 0;
        int c1 = At(a, i++);
        int c2 = At(b, j++);
        var state = StateN + Class(c1);
        int diff;
        while ((diff = c1 - c2) == 0)
        {
            if (c1 == 0)
            {
                return 0;
            }

            state = NextState[state];
            c1 = At(a, i++);
            c2 = At(b, j++);
            state += Class(c1);
        }

        var result = ResultType[(state * 3) + Class(c2)];
        switch (result)
        {
            case Cmp:
                return diff;
            case Len:
                while (IsDigit(At(a, i++)))
                {
                    if (!IsDigit(At(b, j++)))
                    {
                        return 1;
                    }
                }

                return IsDigit(At(b, j)) ? -1 : diff;
            default:
                return result;
        }
    }

    private static int At(ReadOnlySpan<byte> s, int index) => index < s.Length ? s[index] : 0;

    private static bool IsDigit(int c) => c is >= '0' and <= '9';

    private static int Class(int c) => (c == '0' ? 1 : 0) + (IsDigit(c) ? 1 : 0);
}
