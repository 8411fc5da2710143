namespace OsTree.Objects;

/// <summary>
/// Compares .NET strings in the order of their UTF-8 bytes (C's <c>strcmp</c>), which is Unicode code-point order.
/// Plain ordinal comparison of UTF-16 differs for characters above U+FFFF versus U+E000–U+FFFF.
/// </summary>
internal sealed class Utf8Order : IComparer<string>
{
    internal static readonly Utf8Order Instance = new();

    public int Compare(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }

        var n = Math.Min(x.Length, y.Length);
        for (var i = 0; i < n; i++)
        {
            var a = x[i];
            var b = y[i];
            if (a != b)
            {
                return Fix(a) - Fix(b);
            }
        }

        return x.Length - y.Length;
    }

    // Moves surrogates (code points above U+FFFF) above U+E000–U+FFFF.
    private static int Fix(char c) => c >= 0xD800 ? (c >= 0xE000 ? c - 0x800 : c + 0x2000) : c;
}
