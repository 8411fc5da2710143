using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using OsTree.Processes;
using OsTree.Usage;

namespace OsTree.Benchmarks.Usage;

/// <summary>
/// Space accounting of a hard-link sysroot made from the cached Debian minbase tree
/// (<c>benchmarks/fixtures/debootstrap.sh</c>, root only): a repository (a hard-link copy of the tree), four
/// deployments (<c>cp -al</c>, each with 10 % of its files replaced by write + rename), warm caches.
/// Also a whole-machine restart scan traced to those deployments.
/// </summary>
[MemoryDiagnoser]
public class SpaceAccountingBenchmarks
{
    private string _root = string.Empty;
    private SpaceAccountingRequest _request = null!;
    private RestartScanRequest _restart = null!;

    [GlobalSetup]
    public void Setup()
    {
        var rootfs = Run("bash", Path.Combine(FindRepository(), "benchmarks", "fixtures", "debootstrap.sh")).Trim();
        _root = Path.Combine("/var/tmp", "ostree-net-bench-usage-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_root);
        var objects = Path.Combine(_root, "repo", "objects");
        Directory.CreateDirectory(Path.GetDirectoryName(objects)!);
        Run("cp", "-al", rootfs, objects);
        var deployments = new List<DeploymentTree>();
        var previous = objects;
        for (var i = 0; i < 4; i++)
        {
            var path = Path.Combine(_root, "deploy", "d" + i);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            Run("cp", "-al", previous, path);
            if (i > 0)
            {
                var files = Directory.EnumerateFiles(path, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
                    .Where(f => !new FileInfo(f).Attributes.HasFlag(FileAttributes.ReparsePoint))
                    .ToList();
                for (var j = i; j < files.Count; j += 10)
                {
                    File.Copy(files[j], files[j] + ".new");
                    File.Move(files[j] + ".new", files[j], overwrite: true);
                }
            }

            deployments.Add(new DeploymentTree("d" + i, path));
            previous = path;
        }

        _request = new SpaceAccountingRequest { Deployments = deployments, ReferenceId = "d3", RepositoryPath = Path.Combine(_root, "repo") };
        _restart = new RestartScanRequest { Deployments = deployments, NextBootId = "d3", RepositoryPath = Path.Combine(_root, "repo") };
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_root, recursive: true);

    [Benchmark]
    public Task<SpaceReport> FourDeploymentsAndRepository() => new SpaceAccountant().MeasureAsync(_request);

    [Benchmark]
    public Task<RestartReport> RestartScanOfTheMachine() => new RestartDetector().ScanAsync(_restart);

    private static string FindRepository()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OsTree.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Cannot find OsTree.sln above " + AppContext.BaseDirectory);
    }

    private static string Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"{program} exited with {process.ExitCode}");
    }
}
