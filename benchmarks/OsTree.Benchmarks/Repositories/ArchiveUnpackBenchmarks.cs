using BenchmarkDotNet.Attributes;
using OsTree.Objects;
using OsTree.Repositories;
using OsTree.Trees;

namespace OsTree.Benchmarks.Repositories;

/// <summary>
/// Unpack speed of archive content objects, deflate (libostree's) against the opt-in LZ4 chunks: every content object
/// of one commit opened through the repository and its data read to the end, in-process, on a warm page cache. The
/// tree is the cached debootstrap root filesystem when benchmarks/fixtures/debootstrap.sh has built it, else
/// /usr/share/doc ($OSTREE_NET_UNPACK_TREE overrides); the same tree for both compressions.
/// </summary>
[MemoryDiagnoser]
public class ArchiveUnpackBenchmarks
{
    private readonly byte[] _buffer = new byte[128 * 1024];
    private string _root = string.Empty;
    private Repository _repository = null!;
    private List<Checksum> _content = [];

    /// <summary>The compression of the archive repository.</summary>
    [Params(ArchiveCompression.Deflate, ArchiveCompression.Lz4)]
    public ArchiveCompression Compression { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var tree = Environment.GetEnvironmentVariable("OSTREE_NET_UNPACK_TREE") is { Length: > 0 } given ? given
            : Directory.Exists("/var/tmp/ostree-net-cache/debootstrap-bookworm-minbase/rootfs") ? "/var/tmp/ostree-net-cache/debootstrap-bookworm-minbase/rootfs"
            : "/usr/share/doc";
        _root = Directory.CreateTempSubdirectory("ostree-net-bench-unpack-").FullName;
        _repository = Repository.Create(Path.Combine(_root, "repo"), RepositoryMode.Archive, Compression);
        var config = _repository.Config;
        config.SetRawValue("core", "fsync", "false");
        _repository.WriteConfig(config);
        _repository.CommitDirectory(tree, new CommitOptions { Branch = "tree", Subject = "bench" });
        _content = [.. _repository.EnumerateObjects().Where(o => o.Type == ObjectType.File).Select(o => o.Checksum)];
        long bytes = 0;
        foreach (var c in _content)
        {
            bytes += Drain(c);
        }

        Console.WriteLine($"// {tree}: {_content.Count} content objects, {bytes / 1e6:F1} MB uncompressed");
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_root, recursive: true);

    /// <summary>Opens and reads every content object of the commit.</summary>
    /// <returns>The uncompressed bytes read.</returns>
    [Benchmark]
    public long UnpackAll()
    {
        long total = 0;
        foreach (var c in _content)
        {
            total += Drain(c);
        }

        return total;
    }

    private long Drain(Checksum checksum)
    {
        using var content = _repository.OpenContent(checksum);
        long total = 0;
        int n;
        while ((n = content.Data.Read(_buffer)) > 0)
        {
            total += n;
        }

        return total;
    }
}
