using System.Diagnostics;
using OsTree.Checkout;
using OsTree.Repositories;

namespace OsTree.Benchmarks.Tools;

/// <summary>
/// A minimal console entry point for whole-process timing (<c>benchmarks/compare-checkout.sh</c>), with libostree's
/// flag names: <c>OsTree.Benchmarks checkout [-U] [-H] [-C] [--union|--union-add|--union-identical] [--whiteouts]
/// [--subpath=P] [--threads=N] [--stats] REPO REV DEST</c>. It is not the <c>otree</c> CLI, only what the comparison needs.
/// </summary>
internal static class CheckoutTool
{
    public static int Run(string[] args)
    {
        var options = new CheckoutOptions();
        var stats = false;
        var positional = new List<string>();
        foreach (var arg in args)
        {
            switch (arg)
            {
                case "-U" or "--user-mode": options = options with { UserMode = true }; break;
                case "-H" or "--require-hardlinks": options = options with { RequireHardlinks = true }; break;
                case "-C" or "--force-copy": options = options with { ForceCopy = true }; break;
                case "--union": options = options with { OverwriteMode = CheckoutOverwriteMode.UnionFiles }; break;
                case "--union-add": options = options with { OverwriteMode = CheckoutOverwriteMode.AddFiles }; break;
                case "--union-identical": options = options with { OverwriteMode = CheckoutOverwriteMode.UnionIdentical }; break;
                case "--whiteouts": options = options with { ProcessWhiteouts = true }; break;
                case "--atomic": options = options with { Atomic = true }; break;
                case "--stats": stats = true; break;
                default:
                    if (arg.StartsWith("--subpath=", StringComparison.Ordinal))
                    {
                        options = options with { Subpath = arg["--subpath=".Length..] };
                    }
                    else if (arg.StartsWith("--threads=", StringComparison.Ordinal))
                    {
                        options = options with { MaxDegreeOfParallelism = int.Parse(arg["--threads=".Length..], System.Globalization.CultureInfo.InvariantCulture) };
                    }
                    else if (arg.StartsWith('-'))
                    {
                        Console.Error.WriteLine($"checkout: unknown option {arg}");
                        return 2;
                    }
                    else
                    {
                        positional.Add(arg);
                    }

                    break;
            }
        }

        if (positional.Count != 3)
        {
            Console.Error.WriteLine("usage: OsTree.Benchmarks checkout [-U] [-H] [-C] [--union|--union-add|--union-identical] [--whiteouts] [--subpath=P] [--atomic] [--threads=N] [--stats] REPO REV DEST");
            return 2;
        }

        try
        {
            var repository = Repository.Open(positional[0]);
            var result = repository.Checkout(positional[1], positional[2], options);
            if (stats)
            {
                var seconds = result.Elapsed.TotalSeconds;
                Console.WriteLine(
                    $"{result.Files} files ({result.HardLinks} linked, {result.Copies} copied, {result.SymbolicLinks} symlinks), {result.Directories} directories in {seconds:F3} s: " +
                    $"{result.Files / seconds:F0} files/s, {(result.BytesLinked + result.BytesCopied) / seconds / 1e6:F0} MB/s; peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576} MiB");
            }

            return 0;
        }
        catch (Exception e) when (e is OsTreeException or IOException or UnauthorizedAccessException or InvalidDataException or ArgumentException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }
}
