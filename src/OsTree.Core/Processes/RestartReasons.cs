namespace OsTree.Processes;

/// <summary>Why a mapped file makes its process a candidate for a restart. A file can have several reasons.</summary>
[Flags]
public enum RestartReasons
{
    /// <summary>Nothing: the process runs the files its path names now.</summary>
    None = 0,

    /// <summary>
    /// The mapped file's directory entry is gone: it was removed, or replaced by a rename (how packages and
    /// checkouts update files). <c>/proc/PID/maps</c> marks it <c>(deleted)</c> even when another hard link (a
    /// repository object) keeps the inode.
    /// </summary>
    Deleted = 1,

    /// <summary>
    /// The mapped file's path, still valid for the kernel, now names another inode or nothing when looked up through
    /// the process's root: something was mounted over it, or the tree was swapped underneath.
    /// </summary>
    Replaced = 2,

    /// <summary>
    /// The mapped inode belongs to a deployment other than the one that boots next, and the next one does not have it.
    /// </summary>
    OtherDeployment = 4,

    /// <summary>Prediction: the same path in the target deployment is another file with other content.</summary>
    ChangedInTarget = 8,

    /// <summary>Prediction: the target deployment has no file at that path.</summary>
    MissingInTarget = 16,
}
