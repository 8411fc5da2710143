using System.Diagnostics;
using System.Globalization;

namespace OsTree.Benchmarks.Checkout;

/// <summary>
/// The trees the checkout benchmarks use: made and committed once by <c>benchmarks/checkout-fixtures.sh</c> (the
/// synthetic trees of <c>fixtures/synthetic-tree.sh</c> and the debootstrap root filesystem, committed with the real
/// <c>ostree commit</c>), cached under <c>$OSTREE_NET_CACHE</c>. A small stats file next to each repository holds its
/// file count and bytes, so the throughput columns can be computed in the BenchmarkDotNet host process.
/// </summary>
internal static class CheckoutFixture
{
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OsTree.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find the OsTree.sln checkout above " + AppContext.BaseDirectory);
    }

    public static string CacheDirectory => Environment.GetEnvironmentVariable("OSTREE_NET_CACHE") is { Length: > 0 } c ? c : "/var/tmp/ostree-net-cache";

    /// <summary>Makes (or reuses) the repository for <paramref name="tree"/> in <paramref name="mode"/>; returns its path.</summary>
    public static string Prepare(string tree, string mode)
    {
        var script = Path.Combine(RepositoryRoot(), "benchmarks", "checkout-fixtures.sh");
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(tree);
        start.ArgumentList.Add(mode);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} {tree} {mode} failed with {process.ExitCode}");
        }

        var parts = output.Split(' ');
        var (source, repo) = (parts[0], parts[1]);
        var stats = StatsPath(tree);
        if (!File.Exists(stats))
        {
            long files = 0, bytes = 0;
            foreach (var f in new DirectoryInfo(source).EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
            {
                files++;
                if (f.LinkTarget is null)
                {
                    bytes += f.Length;
                }
            }

            File.WriteAllText(stats, FormattableString.Invariant($"{files} {bytes}"));
        }

        return repo;
    }

    public static string StatsPath(string tree) => Path.Combine(CacheDirectory, "checkout-repos", tree + ".stats");

    /// <summary>The files and bytes of a prepared tree, or null when it has not been prepared.</summary>
    public static (long Files, long Bytes)? ReadStats(string tree)
    {
        var path = StatsPath(tree);
        if (!File.Exists(path))
        {
            return null;
        }

        var parts = File.ReadAllText(path).Split(' ');
        return (long.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture));
    }
}
