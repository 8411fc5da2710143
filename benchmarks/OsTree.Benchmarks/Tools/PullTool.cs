using System.Diagnostics;
using System.Globalization;
using OsTree.Repositories;
using OsTree.Transport;

namespace OsTree.Benchmarks.Tools;

/// <summary>
/// <c>OsTree.Benchmarks pull --repo DIR [--jobs N] REMOTE REF…</c>: the library's pull as a whole process, so
/// benchmarks/compare-pull.sh can time it against <c>ostree pull</c> on the same repository and server.
/// </summary>
internal static class PullTool
{
    internal static async Task<int> RunAsync(string[] args)
    {
        string? repoPath = null;
        var jobs = new PullOptions().MaxConcurrentRequests;
        var positional = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--repo" when i + 1 < args.Length:
                    repoPath = args[++i];
                    break;
                case "--jobs" when i + 1 < args.Length:
                    jobs = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                default:
                    positional.Add(args[i]);
                    break;
            }
        }

        if (repoPath is null || positional.Count < 2)
        {
            await Console.Error.WriteLineAsync("usage: OsTree.Benchmarks pull --repo DIR [--jobs N] REMOTE REF...").ConfigureAwait(false);
            return 2;
        }

        var clock = Stopwatch.StartNew();
        var repository = Repository.Open(repoPath);
        var result = await repository.PullAsync(positional[0], positional[1..], new PullOptions { MaxConcurrentRequests = jobs }).ConfigureAwait(false);
        var s = result.Statistics;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{s.MetadataObjectsFetched} metadata + {s.ContentObjectsFetched} content objects, {s.BytesTransferred / 1048576.0:F1} MiB in {clock.Elapsed.TotalSeconds:F2} s ({s.BytesPerSecond / 1048576.0:F1} MiB/s)"));
        return 0;
    }
}
