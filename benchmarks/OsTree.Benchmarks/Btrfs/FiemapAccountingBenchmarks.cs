using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using OsTree.Btrfs;

namespace OsTree.Benchmarks.Btrfs;

/// <summary>
/// FIEMAP space accounting on a loop-mounted btrfs (needs root): a current image of N files and two read-only
/// snapshots, 2 % of the files rewritten between each. Compares a cold measurement (all three trees walked), a warm
/// one (snapshots from the cache, only the writable current image walked) and <c>btrfs filesystem du -s</c> on the
/// same trees. Run: <c>dotnet run -c Release --project benchmarks/OsTree.Benchmarks -- --filter '*FiemapAccounting*'</c>.
/// </summary>
[Config(typeof(InProcessShortConfig))]
public class FiemapAccountingBenchmarks
{
    private string _root = string.Empty;
    private string? _device;
    private bool _mounted;
    private BtrfsSpaceAccountant _warm = new();
    private BtrfsSpaceRequest _request = null!;

    [Params(5000)]
    public int Files { get; set; }

    private string Mount => Path.Combine(_root, "mnt");

    [GlobalSetup]
    public void Setup()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            throw new InvalidOperationException("This benchmark needs root: it creates a btrfs filesystem on a loop device.");
        }

        try
        {
            CreateFilesystemAndImages();
        }
        catch
        {
            Cleanup();
            throw;
        }
    }

    private void CreateFilesystemAndImages()
    {
        _root = Path.Combine("/var/tmp", $"ostree-net-bench-btrfs-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(_root, "mnt"));
        var image = Path.Combine(_root, "fs.img");
        using (var stream = new FileStream(image, FileMode.CreateNew))
        {
            stream.SetLength(4L << 30);
        }

        Run("mkfs.btrfs", "-q", "-f", image);
        _device = Run("losetup", "--find", "--show", image).Trim();
        Run("mount", _device, Mount);
        _mounted = true;

        var current = Path.Combine(Mount, "current");
        BtrfsSubvolume.Create(current);
        var random = new Random(Files);
        var sizes = new[] { 64, 512, 2048, 4096, 4096, 8192, 16384, 32768, 131072 };
        var paths = new List<string>(Files);
        for (var i = 0; i < Files; i++)
        {
            var directory = Path.Combine(current, $"d{i / 30:D5}");
            Directory.CreateDirectory(directory);
            var path = Path.Combine(directory, $"f{i:D7}");
            var data = new byte[sizes[random.Next(sizes.Length)]];
            random.NextBytes(data);
            File.WriteAllBytes(path, data);
            paths.Add(path);
        }

        BtrfsSubvolume.Snapshot(current, Path.Combine(Mount, "old1"), readOnly: true);
        Rewrite(paths, 0, random);
        BtrfsSubvolume.Snapshot(current, Path.Combine(Mount, "old2"), readOnly: true);
        Rewrite(paths, 1, random);
        Run("btrfs", "filesystem", "sync", Mount);

        _request = new BtrfsSpaceRequest { CurrentImage = current, OtherImages = [Path.Combine(Mount, "old1"), Path.Combine(Mount, "old2")], Method = BtrfsSpaceMethod.Fiemap };
        _warm = new BtrfsSpaceAccountant();
        _warm.MeasureAsync(_request).GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true, Description = "FIEMAP set difference, 3 trees walked")]
    public ulong Cold() => new BtrfsSpaceAccountant().MeasureAsync(_request).GetAwaiter().GetResult().FreedIfAllOthersDeleted.Bytes;

    [Benchmark(Description = "FIEMAP set difference, RO snapshots cached")]
    public ulong Warm() => _warm.MeasureAsync(_request).GetAwaiter().GetResult().FreedIfAllOthersDeleted.Bytes;

    [Benchmark(Description = "BtrfsDiskUsage (fi du semantics), 3 trees")]
    public ulong DiskUsage() => BtrfsDiskUsage.MeasureAsync([_request.CurrentImage, .. _request.OtherImages], includeFiles: false).GetAwaiter().GetResult()[0].Exclusive;

    [Benchmark(Description = "btrfs filesystem du -s (process), 3 trees")]
    public int BtrfsProgsDu() => Run("btrfs", "filesystem", "du", "-s", "--raw", _request.CurrentImage, _request.OtherImages[0], _request.OtherImages[1]).Length;

    [GlobalCleanup]
    public void Cleanup()
    {
        if (_mounted)
        {
            if (Execute("umount", Mount).ExitCode != 0)
            {
                Execute("umount", "-l", Mount);
            }

            _mounted = false;
        }

        if (_device is not null)
        {
            Execute("losetup", "-d", _device);
            _device = null;
        }

        if (_root.Length > 0)
        {
            Execute("rm", "-rf", "--one-file-system", _root);
        }
    }

    private static void Rewrite(List<string> paths, int offset, Random random)
    {
        for (var i = offset; i < paths.Count; i += 50)
        {
            var data = new byte[new FileInfo(paths[i]).Length];
            random.NextBytes(data);
            File.WriteAllBytes(paths[i], data);
        }
    }

    private static string Run(string name, params string[] args)
    {
        var (code, output, error) = Execute(name, args);
        return code == 0 ? output : throw new InvalidOperationException($"{name} {string.Join(' ', args)} exited with {code}: {error}");
    }

    private static (int ExitCode, string Output, string Error) Execute(string name, params string[] args)
    {
        var start = new ProcessStartInfo(name) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, error.Result);
    }

    /// <summary>In-process (the generated-project build times out on a busy 2-core machine), 1 warm-up, 5 iterations.</summary>
    private sealed class InProcessShortConfig : ManualConfig
    {
        public InProcessShortConfig()
        {
            AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(5));
            AddDiagnoser(MemoryDiagnoser.Default);
        }
    }
}
