using OsTree.TestSupport;

namespace OsTree.Core.Tests.Transport;

/// <summary>
/// A small OS-like tree committed by the real <c>ostree</c> into an archive repository with a summary, ready to be
/// served: a few hundred files in nested directories, symbolic links, an empty file, a setuid binary, xattrs and
/// one larger file. <see cref="Update"/> rewrites about 5% of the files and commits again.
/// </summary>
internal sealed class OstreeRemoteFixture : IDisposable
{
    private readonly TempDirectory _dir = new("ostree-net-remote");
    private readonly Random _random = new(8);
    private readonly List<string> _files = [];

    public OstreeRemoteFixture(int files = 200, string branch = "os/stable")
    {
        Branch = branch;
        Tree = _dir.Combine("tree");
        Repository = _dir.Combine("repo");
        Directory.CreateDirectory(Tree);
        for (var i = 0; i < files; i++)
        {
            var dir = Path.Combine(Tree, "usr", $"d{i % 17}", $"sub{i % 5}");
            Directory.CreateDirectory(dir);
            var path = Path.Combine(dir, $"file{i}");
            WriteRandom(path, _random.Next(0, 24_000));
            _files.Add(path);
        }

        File.WriteAllText(Path.Combine(Tree, "empty"), string.Empty);
        File.WriteAllBytes(Path.Combine(Tree, "usr", "big"), RandomBytes(3_000_000));
        File.CreateSymbolicLink(Path.Combine(Tree, "link"), "usr/big");
        File.CreateSymbolicLink(Path.Combine(Tree, "usr", "dangling"), "/nonexistent");
        File.WriteAllText(Path.Combine(Tree, "usr", "tool"), "#!/bin/sh\n");
        Tool.Check("chmod", "4755", Path.Combine(Tree, "usr", "tool"));
        Directory.CreateDirectory(Path.Combine(Tree, "private"));
        Tool.Check("chmod", "700", Path.Combine(Tree, "private"));
        if (Tool.Exists("setfattr"))
        {
            Tool.Run("setfattr", "-n", "user.b", "-v", "2", Path.Combine(Tree, "empty"));
            Tool.Run("setfattr", "-n", "user.a", "-v", "1", Path.Combine(Tree, "empty"));
        }

        Tool.Check("ostree", "init", "--repo=" + Repository, "--mode=archive");
        // This disk syncs slowly and the tests do not crash the machine: skip fsync as a test-only speed-up.
        Tool.Check("ostree", "config", "--repo=" + Repository, "set", "core.fsync", "false");
        Commit("first");
    }

    public string Branch { get; }

    public string Tree { get; }

    public string Repository { get; }

    public string Head => Tool.Check("ostree", "rev-parse", "--repo=" + Repository, Branch).Trim();

    /// <summary>Rewrites every twentieth file and adds a few, commits, and updates the summary.</summary>
    /// <returns>How many files changed or were added.</returns>
    public int Update()
    {
        var changed = 0;
        for (var i = 0; i < _files.Count; i += 20)
        {
            WriteRandom(_files[i], _random.Next(1, 24_000));
            changed++;
        }

        for (var i = 0; i < 3; i++)
        {
            WriteRandom(Path.Combine(Tree, "usr", $"new{_files.Count + i}"), 1000 + i);
            changed++;
        }

        Commit("update");
        return changed;
    }

    public void Dispose() => _dir.Dispose();

    private void Commit(string subject)
    {
        Tool.Check("ostree", "commit", "--repo=" + Repository, "-b", Branch, "-s", subject, "--add-metadata-string=version=" + subject, Tree);
        Tool.Check("ostree", "summary", "-u", "--repo=" + Repository);
    }

    private void WriteRandom(string path, int size) => File.WriteAllBytes(path, RandomBytes(size));

    private byte[] RandomBytes(int size)
    {
        // Half random, half repetitive: compressible like real binaries, never all-identical across files.
        var bytes = new byte[size];
        _random.NextBytes(bytes.AsSpan(0, size / 2));
        for (var i = size / 2; i < size; i++)
        {
            bytes[i] = (byte)(i % 7);
        }

        return bytes;
    }
}
