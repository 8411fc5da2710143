using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;

namespace OsTree.Benchmarks.Checkout;

/// <summary>
/// Few, long iterations (a checkout of 200k files takes seconds); one invocation per iteration because every
/// iteration needs an empty destination; memory diagnoser on; throughput columns.
/// </summary>
internal sealed class CheckoutBenchmarkConfig : ManualConfig
{
    public CheckoutBenchmarkConfig()
    {
        AddJob(Job.Default.WithWarmupCount(1).WithIterationCount(5).WithInvocationCount(1).WithUnrollFactor(1));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(new ThroughputColumn(bytes: false), new ThroughputColumn(bytes: true));
    }
}
