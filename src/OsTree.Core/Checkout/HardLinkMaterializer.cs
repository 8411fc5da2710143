using OsTree.Internal.Interop;

namespace OsTree.Checkout;

/// <summary>
/// Hard-links the repository's object file into the checkout (<c>linkat</c>), so the file costs no data and no
/// inode. Only valid where the object file already carries the checked-out metadata: a <c>bare</c> repository in a
/// normal checkout, a <c>bare-user</c> or <c>bare-user-only</c> one in user mode. Editing such a file edits the
/// repository, as with libostree.
/// </summary>
public sealed class HardLinkMaterializer : IFileMaterializer
{
    private HardLinkMaterializer()
    {
    }

    /// <summary>The one instance.</summary>
    public static HardLinkMaterializer Instance { get; } = new();

    /// <inheritdoc/>
    /// <remarks><c>EXDEV</c>, <c>EMLINK</c> and <c>EPERM</c> (hard links refused by the filesystem or by <c>protected_hardlinks</c>) are <see cref="MaterializeStatus.Unsupported"/>.</remarks>
    public MaterializeStatus Materialize(in FileMaterialization file)
    {
        var error = file.TryLinkObject();
        switch (error)
        {
            case 0:
                return MaterializeStatus.Created;
            case Interop.Error.EEXIST:
                return MaterializeStatus.Exists;
            case Interop.Error.EXDEV or Interop.Error.EMLINK or Interop.Error.EPERM:
                return MaterializeStatus.Unsupported;
            default:
                Interop.ThrowForError(error, "linkat", file.Path);
                return MaterializeStatus.Unsupported;
        }
    }
}
