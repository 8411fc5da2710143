using BenchmarkDotNet.Attributes;
using OsTree.Checkout;
using OsTree.Objects;
using OsTree.Repositories;

namespace OsTree.Benchmarks.Checkout;

/// <summary>
/// Hard-link checkout throughput (files/s, MB/s) of the synthetic trees of 10k, 50k and 200k files and of a Debian
/// root filesystem, from <c>bare-user</c> repositories written by <c>ostree commit</c>, in user mode with hard links
/// required (<c>ostree checkout -U -H</c>). The destination is removed between iterations, outside the timing.
/// </summary>
[Config(typeof(CheckoutBenchmarkConfig))]
public class CheckoutBenchmarks
{
    private Repository _repository = null!;
    private Checksum _commit;
    private string _destination = null!;

    [Params("synthetic-10000", "synthetic-50000", "synthetic-200000", "debootstrap")]
    public string Tree { get; set; } = "synthetic-10000";

    [GlobalSetup]
    public void Setup()
    {
        _repository = Repository.Open(CheckoutFixture.Prepare(Tree, "bare-user"));
        _commit = _repository.ResolveRev("tree");
        _destination = Path.Combine(CheckoutFixture.CacheDirectory, "checkout-bench-" + Environment.ProcessId);
        Cleanup();
    }

    [IterationCleanup]
    public void Cleanup()
    {
        if (Directory.Exists(_destination))
        {
            Directory.Delete(_destination, recursive: true);
        }
    }

    [Benchmark(Description = "hard links (-U -H)")]
    public CheckoutResult HardLinks()
        => _repository.Checkout(_commit, _destination, new CheckoutOptions { UserMode = true, RequireHardlinks = true });
}
