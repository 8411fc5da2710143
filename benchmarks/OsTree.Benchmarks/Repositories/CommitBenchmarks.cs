using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using OsTree.GVariant;
using OsTree.Objects;
using OsTree.Repositories;
using OsTree.Trees;

namespace OsTree.Benchmarks.Repositories;

/// <summary>
/// Content hashing and whole-directory commits on a synthetic tree made in setup (2,000 files of 1–64 KiB in 100
/// directories, plus symlinks): a fresh repository per commit, so every object is written, in each mode that needs no
/// root. Also the GVariant hot paths: serializing a 1,000-entry dirtree and parsing it back.
/// </summary>
[MemoryDiagnoser]
public class CommitBenchmarks
{
    private string _root = string.Empty;
    private string _tree = string.Empty;
    private byte[] _data = [];
    private FileHeader _header = null!;
    private DirTree _dirTree = null!;
    private byte[] _dirTreeBytes = [];
    private int _repoCounter;

    /// <summary>The repository mode of the commit benchmark.</summary>
    [Params(RepositoryMode.Archive, RepositoryMode.BareUser, RepositoryMode.BareUserOnly)]
    public RepositoryMode Mode { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _root = Directory.CreateTempSubdirectory("ostree-net-bench-commit-").FullName;
        _tree = Path.Combine(_root, "tree");
        var random = new Random(42);
        for (var d = 0; d < 100; d++)
        {
            var dir = Path.Combine(_tree, $"usr/lib/pkg{d:D3}");
            Directory.CreateDirectory(dir);
            for (var f = 0; f < 20; f++)
            {
                var bytes = new byte[random.Next(1024, 64 * 1024)];
                random.NextBytes(bytes.AsSpan(0, bytes.Length / 2)); // half random, half zeros: compressible like binaries
                File.WriteAllBytes(Path.Combine(dir, $"file{f:D2}.so"), bytes);
            }

            File.CreateSymbolicLink(Path.Combine(dir, "current"), "file00.so");
        }

        _data = RandomNumberGenerator.GetBytes(1024 * 1024);
        _header = FileHeader.ForRegularFile(0, 0, 0x1ED);
        _dirTree = new DirTree(
            Enumerable.Range(0, 1000).Select(i => new DirTreeFile($"file-{i:D4}.txt", Checksum.Compute(BitConverter.GetBytes(i)))),
            Enumerable.Range(0, 20).Select(i => new DirTreeDirectory($"dir{i:D2}", Checksum.Compute([(byte)i]), Checksum.Compute([(byte)(i + 1)]))));
        _dirTreeBytes = _dirTree.Serialize();
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_root, recursive: true);

    /// <summary>The content checksum of a 1 MiB file (header + data, hardware SHA-256).</summary>
    [Benchmark]
    public Checksum ContentChecksum1MiB() => _header.ComputeContentChecksum(_data);

    /// <summary>Serializes a dirtree of 1,000 files and 20 directories.</summary>
    [Benchmark]
    public int SerializeDirTree1000() => _dirTree.Serialize().Length;

    /// <summary>Parses (and fully validates) the same dirtree.</summary>
    [Benchmark]
    public int ParseDirTree1000() => DirTree.Parse(_dirTreeBytes).Files.Count;

    /// <summary>Parses commit-style metadata.</summary>
    [Benchmark]
    public int ParseMetadata()
    {
        var dict = new GVariantDictionary()
            .With("version", GVariantValue.FromString("1.0"))
            .With(Commit.RefBindingKey, GVariantValue.FromStrings(["os/x86_64/stable"]));
        return GVariantDictionary.Parse(dict.ToArray()).Count;
    }

    /// <summary>Commits the 2,100-entry tree into a new repository (every object written).</summary>
    [Benchmark]
    public Checksum CommitTree()
    {
        var repo = Repository.Create(Path.Combine(_root, $"repo-{Mode}-{_repoCounter++}"), Mode);
        try
        {
            return repo.CommitDirectory(_tree, new CommitOptions { Branch = "bench", Subject = "bench", Timestamp = DateTimeOffset.UnixEpoch });
        }
        finally
        {
            Directory.Delete(repo.Path, recursive: true);
        }
    }
}
