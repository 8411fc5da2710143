namespace OsTree.Btrfs.Tests;

/// <summary>Deterministic OS-like trees: small (inline) files, medium and large ones, nested directories, hard links, symlinks.</summary>
internal static class TestTree
{
    /// <summary>Writes <paramref name="count"/> files under <paramref name="root"/>; returns their relative paths.</summary>
    internal static List<string> Populate(string root, int count, int seed)
    {
        var random = new Random(seed);
        var files = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var directory = $"usr/lib/pkg{i % 7}/sub{i % 3}";
            Directory.CreateDirectory(Path.Combine(root, directory));
            var relative = $"{directory}/file{i:D4}";
            var size = (i % 8) switch
            {
                0 => 700,             // inline: lives in metadata, never counted as data
                1 or 2 or 3 or 4 => 16 * 1024,
                5 or 6 => 64 * 1024 + 100,
                _ => 256 * 1024,
            };
            var data = new byte[size];
            random.NextBytes(data);
            File.WriteAllBytes(Path.Combine(root, relative), data);
            files.Add(relative);
        }

        // A hard link in the same directory (counted once per inode) and a symlink (never followed).
        OsTree.TestSupport.Tool.Check("ln", Path.Combine(root, files[1]), Path.Combine(root, files[1] + ".link"));
        File.CreateSymbolicLink(Path.Combine(root, "usr/lib/pkg0/symlink"), "sub0");
        File.WriteAllBytes(Path.Combine(root, "usr/lib/empty"), []);
        return files;
    }

    /// <summary>Replaces the content of every <paramref name="step"/>-th file from <paramref name="offset"/>, in place (truncate + write).</summary>
    internal static long Rewrite(string root, IReadOnlyList<string> files, int offset, int step, int seed)
    {
        var random = new Random(seed);
        long written = 0;
        for (var i = offset; i < files.Count; i += step)
        {
            var path = Path.Combine(root, files[i]);
            var data = new byte[new FileInfo(path).Length];
            random.NextBytes(data);
            File.WriteAllBytes(path, data);
            written += data.Length;
        }

        return written;
    }
}
