using System.Runtime.CompilerServices;

namespace OsTree.Benchmarks;

/// <summary>Runs BenchmarkDotNet; kept out of <c>Main</c> so that the console tools never load it.</summary>
internal static class BenchmarkEntry
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Run(string[] args)
    {
        BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(BenchmarkEntry).Assembly).Run(args);
        return 0;
    }
}
