using BenchmarkDotNet.Attributes;
using OsTree.Checkout;
using OsTree.Objects;
using OsTree.Repositories;

namespace OsTree.Benchmarks.Checkout;

/// <summary>
/// Copy checkout throughput (<c>-U -C</c>: <c>copy_file_range</c> from each object) of the 10k-file tree and the
/// Debian root filesystem, where data volume, not the number of files, sets the pace.
/// </summary>
[Config(typeof(CheckoutBenchmarkConfig))]
public class CopyCheckoutBenchmarks
{
    private Repository _repository = null!;
    private Checksum _commit;
    private string _destination = null!;

    [Params("synthetic-10000", "debootstrap")]
    public string Tree { get; set; } = "synthetic-10000";

    [GlobalSetup]
    public void Setup()
    {
        _repository = Repository.Open(CheckoutFixture.Prepare(Tree, "bare-user"));
        _commit = _repository.ResolveRev("tree");
        _destination = Path.Combine(CheckoutFixture.CacheDirectory, "checkout-copy-bench-" + Environment.ProcessId);
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

    [Benchmark(Description = "copies (-U -C)")]
    public CheckoutResult Copies()
        => _repository.Checkout(_commit, _destination, new CheckoutOptions { UserMode = true, ForceCopy = true });
}
