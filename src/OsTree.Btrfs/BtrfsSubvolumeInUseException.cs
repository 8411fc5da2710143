namespace OsTree.Btrfs;

/// <summary>
/// A subvolume could not be deleted because the system still uses it: it is the default subvolume, the top level, or
/// mounted somewhere (the kernel would delete a <c>subvol=</c> mount from under its users without complaint).
/// </summary>
public sealed class BtrfsSubvolumeInUseException : OsTreeException
{
    /// <summary>Creates the exception.</summary>
    public BtrfsSubvolumeInUseException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">Why the subvolume is in use.</param>
    public BtrfsSubvolumeInUseException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">Why the subvolume is in use.</param>
    /// <param name="innerException">The cause.</param>
    public BtrfsSubvolumeInUseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for one subvolume.</summary>
    /// <param name="subvolumeId">The subvolume that is in use.</param>
    /// <param name="message">Why it is in use.</param>
    public BtrfsSubvolumeInUseException(ulong subvolumeId, string message)
        : base(message)
    {
        SubvolumeId = subvolumeId;
    }

    /// <summary>The subvolume that is in use (0 when not known).</summary>
    public ulong SubvolumeId { get; }
}
