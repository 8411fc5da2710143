namespace OsTree.Checkout;

/// <summary>How a commit is checked out; the defaults are those of <c>ostree checkout REV DEST</c> run as root.</summary>
public sealed record CheckoutOptions
{
    /// <summary>
    /// User mode (<c>-U</c>): do not change owners, do not set xattrs, and strip setuid and setgid bits. Always on
    /// for <c>bare-user-only</c> repositories, as libostree forces it.
    /// </summary>
    public bool UserMode { get; init; }

    /// <summary>What to do with names that already exist in the target.</summary>
    public CheckoutOverwriteMode OverwriteMode { get; init; }

    /// <summary>Process Docker/OCI whiteouts (<c>--whiteouts</c>): a file <c>.wh.NAME</c> removes <c>NAME</c> and is not itself checked out.</summary>
    public bool ProcessWhiteouts { get; init; }

    /// <summary>
    /// Fail instead of copying when a file that should be hard-linked cannot be (<c>-H</c>, <c>--require-hardlinks</c>):
    /// another device, <c>EMLINK</c>, or a repository mode that cannot hard-link in this checkout mode.
    /// </summary>
    public bool RequireHardlinks { get; init; }

    /// <summary>Never hard-link; copy every file (<c>-C</c>, <c>--force-copy</c>). Directories then keep their current mtime.</summary>
    public bool ForceCopy { get; init; }

    /// <summary>Mask directory modes with 0775, dropping setuid, setgid, sticky and world-writable bits (<c>-M</c>, <c>--bareuseronly-dirs</c>).</summary>
    public bool BareUserOnlyDirectories { get; init; }

    /// <summary>Check out only this path of the commit (<c>--subpath</c>); <see langword="null"/> or <c>/</c> for the whole tree.</summary>
    public string? Subpath { get; init; }

    /// <summary>
    /// Build the tree under a temporary name next to the destination and rename it into place only when it is
    /// complete, so the destination either does not exist or is whole. The destination must not exist; not
    /// combinable with a union mode.
    /// </summary>
    public bool Atomic { get; init; }

    /// <summary>
    /// Make the result durable: copied files and directories are fsynced as libostree's <c>enable_fsync</c> does, and
    /// an <see cref="Atomic"/> checkout syncs its filesystem before the rename and the parent directory after it.
    /// Off by default, as in <c>ostree checkout</c>.
    /// </summary>
    public bool Fsync { get; init; }

    /// <summary>
    /// How files are copied where they are not hard-linked; <see langword="null"/> for <see cref="Checkout.CopyMaterializer"/>.
    /// A materializer that answers <see cref="MaterializeStatus.Unsupported"/> (a reflink across filesystems, say) falls
    /// back to the plain copy.
    /// </summary>
    public IFileMaterializer? CopyMaterializer { get; init; }

    /// <summary>How many threads check out directories in parallel; 0 for one per processor.</summary>
    public int MaxDegreeOfParallelism { get; init; }
}
