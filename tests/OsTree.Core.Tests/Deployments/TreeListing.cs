using System.Text;
using OsTree.Deployments;

namespace OsTree.Core.Tests.Deployments;

/// <summary>Every path of a tree with type, mode, owner, size and link target, sorted: an in-process <c>find -printf</c>.</summary>
internal static class TreeListing
{
    public static string Of(string root)
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
            var name = System.IO.Path.GetFileName(path);
            var rel = relative.Length == 0 ? name : relative + "/" + name;
            var st = PosixFileSystem.Lstat(path);
            var line = new StringBuilder(rel).Append(' ').Append(Convert.ToString(st.Mode, 8)).Append(' ').Append(st.Uid).Append(' ').Append(st.Gid);
            if (PosixFileSystem.IsSymbolicLink(st))
            {
                line.Append(" -> ").Append(PosixFileSystem.ReadLink(path));
            }
            else if (PosixFileSystem.IsRegular(st))
            {
                line.Append(' ').Append(st.Size);
            }

            lines.Add(line.ToString());
            if (PosixFileSystem.IsDirectory(st))
            {
                Walk(path, rel, lines);
            }
        }
    }
}
