using OsTree.Btrfs.Internal;
using OsTree.Checkout;
using static OsTree.Btrfs.Internal.Interop.Interop;

namespace OsTree.Btrfs;

/// <summary>
/// Checks files out as reflinks of the repository's object files (FICLONE): each checkout gets its own inodes, so an
/// administrator editing a file changes only that deployment, never the repository or another deployment (the
/// hard-link hazard), yet no data is copied and no data space is used until a file is written.
/// Use it as <see cref="CheckoutOptions.CopyMaterializer"/> together with <see cref="CheckoutOptions.ForceCopy"/>.
/// Where a reflink is impossible (an archive repository, whose objects are compressed; another filesystem; a
/// filesystem without reflinks) it answers <see cref="MaterializeStatus.Unsupported"/> and the checkout copies instead.
/// </summary>
public sealed class ReflinkMaterializer : IFileMaterializer
{
    private ReflinkMaterializer()
    {
    }

    /// <summary>The one instance; it holds no state and is safe to use from several threads.</summary>
    public static ReflinkMaterializer Instance { get; } = new();

    /// <inheritdoc/>
    public MaterializeStatus Materialize(in FileMaterialization file)
    {
        using var source = file.OpenSourceFile();
        if (source is null)
        {
            return MaterializeStatus.Unsupported;
        }

        using var destination = file.TryCreateFile();
        if (destination is null)
        {
            return MaterializeStatus.Exists;
        }

        try
        {
            var errno = BtrfsFile.TryClone(source, destination);
            if (errno is Errno.EOPNOTSUPP or Errno.ENOTTY or Errno.EXDEV or Errno.EINVAL)
            {
                file.RemoveCreatedFile();
                return MaterializeStatus.Unsupported;
            }

            if (errno != 0)
            {
                IoErrors.Throw(errno, "Reflinking (FICLONE) the object into", file.Path);
            }

            file.ApplyMetadata(destination);
        }
        catch
        {
            file.RemoveCreatedFile();
            throw;
        }

        return MaterializeStatus.Created;
    }
}
