using System.Globalization;
using OsTree.TestSupport;

namespace OsTree.Core.Tests.Usage;

/// <summary>GNU <c>du</c>, the oracle: it counts an inode once across all its arguments, in argument order.</summary>
internal static class Du
{
    /// <summary>The bytes <c>du -s -x -B1</c> prints for each argument, in order.</summary>
    public static long[] Each(params string[] paths)
        => Tool.Check("du", ["-s", "-x", "-B1", .. paths])
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => long.Parse(line.Split('\t')[0], CultureInfo.InvariantCulture))
            .ToArray();

    /// <summary>The apparent sizes <c>du -s -x -b</c> prints for each argument, in order.</summary>
    public static long[] EachApparent(params string[] paths)
        => Tool.Check("du", ["-s", "-x", "-b", .. paths])
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => long.Parse(line.Split('\t')[0], CultureInfo.InvariantCulture))
            .ToArray();

    public static long Total(params string[] paths) => Each(paths).Sum();
}
