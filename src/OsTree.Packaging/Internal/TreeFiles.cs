using OsTree.Trees;

namespace OsTree.Packaging.Internal;

/// <summary>Small helpers to read files from an <see cref="IFileTree"/>, symbolic links resolved inside the tree.</summary>
internal static class TreeFiles
{
    /// <summary>Resolves <paramref name="path"/> and says whether it names a regular file.</summary>
    public static bool TryResolveFile(IFileTree tree, string path, out string resolved, out long size)
    {
        size = 0;
        resolved = string.Empty;
        if (!tree.TryResolve(path, out var r) || !tree.TryGetEntry(r, out var entry) || entry.Type != FileTreeEntryType.RegularFile)
        {
            return false;
        }

        resolved = r;
        size = entry.Size;
        return true;
    }

    /// <summary>Resolves <paramref name="path"/> and says whether it names a directory.</summary>
    public static bool TryResolveDirectory(IFileTree tree, string path, out string resolved)
    {
        resolved = string.Empty;
        if (!tree.TryResolve(path, out var r))
        {
            return false;
        }

        if (r.Length != 0 && (!tree.TryGetEntry(r, out var entry) || entry.Type != FileTreeEntryType.Directory))
        {
            return false;
        }

        resolved = r;
        return true;
    }

    /// <summary>Reads a whole (already resolved) regular file into a pooled-size array.</summary>
    public static byte[] ReadAll(IFileTree tree, string resolvedPath, out int length)
    {
        using var stream = tree.OpenRead(resolvedPath);
        var buffer = new byte[stream.CanSeek ? Math.Max(0, (int)Math.Min(stream.Length, int.MaxValue - 1)) + 1 : 64 * 1024];
        length = 0;
        for (;;)
        {
            if (length == buffer.Length)
            {
                Array.Resize(ref buffer, checked(buffer.Length * 2));
            }

            var n = stream.Read(buffer, length, buffer.Length - length);
            if (n == 0)
            {
                return buffer;
            }

            length += n;
        }
    }

    public static string Join(string directory, string name) => directory.Length == 0 ? name : directory + "/" + name;
}
