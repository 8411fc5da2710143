using OsTree.Objects;
using OsTree.Repositories;

namespace OsTree.Trees;

/// <summary>Content checksums of files on the local filesystem, as <c>ostree checksum FILE</c> computes them.</summary>
public static class LocalFile
{
    /// <summary>
    /// Builds the header libostree would record for a file: its owner, full mode, symlink target and xattrs (sorted).
    /// </summary>
    /// <param name="path">A regular file or symbolic link (not followed).</param>
    /// <param name="includeXattrs">Whether to read xattrs.</param>
    /// <returns>The header.</returns>
    /// <exception cref="FileNotFoundException">The path does not exist.</exception>
    /// <exception cref="OsTreeException">The path is neither a regular file nor a symbolic link.</exception>
    public static FileHeader ReadHeader(string path, bool includeXattrs = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var st = PosixFile.Lstat(path);
        IReadOnlyList<Xattr> xattrs = includeXattrs ? PosixFile.ReadXattrs(path) : [];
        if (StatMode.IsSymbolicLink(st.Mode))
        {
            return new FileHeader(st.Uid, st.Gid, st.Mode, new FileInfo(path).LinkTarget ?? string.Empty, xattrs);
        }

        return StatMode.IsRegular(st.Mode)
            ? new FileHeader(st.Uid, st.Gid, st.Mode, string.Empty, xattrs)
            : throw new OsTreeException($"{path} is neither a regular file nor a symbolic link.");
    }

    /// <summary>The content checksum of a file: the name its content object gets in a bare or archive repository.</summary>
    /// <param name="path">A regular file or symbolic link (not followed).</param>
    /// <param name="includeXattrs">Whether xattrs count (<c>ostree checksum --ignore-xattrs</c> is <see langword="false"/>).</param>
    /// <returns>The checksum.</returns>
    public static Checksum ComputeChecksum(string path, bool includeXattrs = true)
    {
        var header = ReadHeader(path, includeXattrs);
        if (header.IsSymbolicLink)
        {
            return header.ComputeContentChecksum([]);
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
        return header.ComputeContentChecksum(stream);
    }
}
