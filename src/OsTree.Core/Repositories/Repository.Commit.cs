using OsTree.Objects;
using OsTree.Trees;

namespace OsTree.Repositories;

public sealed partial class Repository
{
    /// <summary>
    /// Commits a directory (<c>ostree commit</c>): regular files, symbolic links, directories, owners, modes
    /// (setuid included), xattrs, hard links hashed once. In <c>bare-user-only</c> mode owners become 0, modes are
    /// masked with 0755 and xattrs are dropped, as libostree does. The commit id equals libostree's for the same tree,
    /// options and mode.
    /// </summary>
    /// <param name="directory">The tree to commit.</param>
    /// <param name="options">Subject, branch, timestamp, metadata.</param>
    /// <returns>The new commit's checksum; the branch, if given, now points at it.</returns>
    /// <exception cref="DirectoryNotFoundException"><paramref name="directory"/> is not a directory.</exception>
    /// <exception cref="OsTreeException">The tree holds a device, fifo or socket.</exception>
    /// <exception cref="InvalidDataException">A file cannot be stored in this mode (e.g. setuid in bare-user-only without canonicalization).</exception>
    public Checksum CommitDirectory(string directory, CommitOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        return DirectoryCommitter.Commit(this, directory, options);
    }
}
