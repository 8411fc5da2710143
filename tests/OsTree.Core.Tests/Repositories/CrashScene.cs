using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using OsTree.Deployments;

namespace OsTree.Core.Tests.Repositories;

/// <summary>
/// The directories of the repository crash harness, under one root: <c>trees/tN</c> (the trees committed),
/// <c>source</c> (an archive repository made by <c>ostree commit</c> with <c>os/tN</c> for each tree, pulled locally
/// and served over HTTP), <c>repo</c> (the bare repository the worker writes) and <c>checkouts</c>.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class CrashScene
{
    internal const int TreeCount = 4;

    public CrashScene(string root) => Root = root;

    public string Root { get; }

    public string Repository => Path.Combine(Root, "repo");

    public string Source => Path.Combine(Root, "source");

    public string Checkouts => Path.Combine(Root, "checkouts");

    public string TreePath(int index) => Path.Combine(Root, "trees", "t" + index.ToString(CultureInfo.InvariantCulture));

    /// <summary>Writes the trees: some files shared by all, the rest different per tree; modes, a symlink, nesting.</summary>
    public void WriteTrees(int filesPerTree)
    {
        for (var t = 0; t < TreeCount; t++)
        {
            var random = new Random(1000 + t);
            var shared = new Random(7);
            var root = TreePath(t);
            for (var f = 0; f < filesPerTree; f++)
            {
                var isShared = f % 3 == 0;
                var r = isShared ? shared : random;
                var dir = Path.Combine(root, "d" + (f % 7).ToString(CultureInfo.InvariantCulture), "e" + (f % 3).ToString(CultureInfo.InvariantCulture));
                Directory.CreateDirectory(dir);
                var data = new byte[r.Next(0, 24 * 1024)];
                r.NextBytes(data);
                var file = Path.Combine(dir, (isShared ? "s" : "f") + f.ToString(CultureInfo.InvariantCulture));
                File.WriteAllBytes(file, data);
                File.SetUnixFileMode(file, f % 5 == 0 ? (UnixFileMode)0b111_101_101 : (UnixFileMode)0b110_100_100);
            }

            File.CreateSymbolicLink(Path.Combine(root, "link"), "d0/e0/s0");
            File.WriteAllText(Path.Combine(root, "version"), "tree " + t.ToString(CultureInfo.InvariantCulture) + "\n");
        }
    }

    /// <summary>Every entry under <paramref name="root"/> with type, mode, owner, size, content hash or link target, sorted.</summary>
    public static string Listing(string root)
    {
        var lines = new List<string>();
        Walk(root, string.Empty, lines);
        lines.Sort(StringComparer.Ordinal);
        return string.Join('\n', lines);
    }

    private static void Walk(string directory, string relative, List<string> lines)
    {
        foreach (var path in Directory.EnumerateFileSystemEntries(directory))
        {
            var name = Path.GetFileName(path);
            var rel = relative.Length == 0 ? name : relative + "/" + name;
            var st = PosixFileSystem.Lstat(path);
            var line = new StringBuilder(rel).Append(' ').Append(Convert.ToString(st.Mode, 8)).Append(' ').Append(st.Uid).Append(' ').Append(st.Gid);
            if (PosixFileSystem.IsSymbolicLink(st))
            {
                line.Append(" -> ").Append(PosixFileSystem.ReadLink(path));
            }
            else if (PosixFileSystem.IsRegular(st))
            {
                line.Append(' ').Append(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))));
            }

            lines.Add(line.ToString());
            if (PosixFileSystem.IsDirectory(st))
            {
                Walk(path, rel, lines);
            }
        }
    }
}
