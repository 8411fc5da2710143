namespace OsTree.Checkout;

/// <summary>
/// The seam through which a content object becomes a regular file in a checkout: Core has
/// <see cref="HardLinkMaterializer"/> and <see cref="CopyMaterializer"/>; the BTRFS package adds reflinks.
/// </summary>
/// <remarks>
/// An implementation creates exactly one new file, <see cref="FileMaterialization.Name"/> inside
/// <see cref="FileMaterialization.Directory"/>, and never replaces or follows anything already there: overwrite modes
/// are the checkout's business. It is called from several threads at once.
/// </remarks>
public interface IFileMaterializer
{
    /// <summary>Creates the file described by <paramref name="file"/>.</summary>
    /// <param name="file">The object, its metadata and where it goes.</param>
    /// <returns>Whether the file was created, the name was taken, or this way cannot serve the request.</returns>
    /// <exception cref="IOException">Any other failure; nothing is left under the name.</exception>
    MaterializeStatus Materialize(in FileMaterialization file);
}
