namespace OsTree.Checkout;

/// <summary>
/// Copies the content into a new file (<c>copy_file_range</c> from a bare object, so filesystems that can share
/// extents do; inflating from an archive object), then applies owner, xattrs and mode on the open file.
/// </summary>
public sealed class CopyMaterializer : IFileMaterializer
{
    private CopyMaterializer()
    {
    }

    /// <summary>The one instance.</summary>
    public static CopyMaterializer Instance { get; } = new();

    /// <inheritdoc/>
    public MaterializeStatus Materialize(in FileMaterialization file)
    {
        using var destination = file.TryCreateFile();
        if (destination is null)
        {
            return MaterializeStatus.Exists;
        }

        try
        {
            file.CopyContentTo(destination);
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
