using System.Globalization;

namespace OsTree.Cli;

/// <summary>Byte counts as ostree prints them: GLib's <c>g_format_size</c> (SI units, one decimal, no-break space).</summary>
internal static class SizeText
{
    private static readonly string[] Units = ["kB", "MB", "GB", "TB", "PB", "EB"];

    public static string Format(double bytes)
    {
        if (bytes < 1000)
        {
            var whole = (long)bytes;
            return whole == 1 ? "1 byte" : $"{whole} bytes";
        }

        var value = bytes;
        var unit = -1;
        while (value >= 1000 && unit < Units.Length - 1)
        {
            value /= 1000;
            unit++;
        }

        return value.ToString("F1", CultureInfo.InvariantCulture) + "\u00a0" + Units[unit];
    }
}
