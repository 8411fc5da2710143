using Microsoft.Win32.SafeHandles;
using OsTree.Internal.Interop;
using OsTree.Objects;

namespace OsTree.Checkout;

/// <summary>
/// One request to an <see cref="IFileMaterializer"/>: a content object of the repository (a regular file), the
/// metadata the new file must get, and the directory and name where it goes.
/// </summary>
/// <remarks>
/// It lives on the stack of the checkout thread for the duration of one call. <see cref="TryCreateFile"/>,
/// <see cref="CopyContentTo"/> and <see cref="ApplyMetadata"/> do the work libostree does for a copy, so a
/// materializer that only changes how the bytes arrive (a reflink) reuses the rest.
/// </remarks>
public readonly ref struct FileMaterialization
{
    private readonly CheckoutContext _context;
    private readonly DirectoryJob _job;
    private readonly ContentSource _content;

    internal FileMaterialization(CheckoutContext context, DirectoryJob job, string name, ReadOnlySpan<byte> nativeName, in Checksum checksum, in FileFacts facts, ContentSource content)
    {
        _context = context;
        _job = job;
        _content = content;
        Name = name;
        NativeName = nativeName;
        Checksum = checksum;
        Size = facts.Size;
        Uid = facts.Uid;
        Gid = facts.Gid;
        Mode = facts.Mode;
        Xattrs = facts.Xattrs;
        ChangeOwnership = !context.UserMode;
    }

    /// <summary>The content object's id.</summary>
    public Checksum Checksum { get; }

    /// <summary>The open directory in which the file is created.</summary>
    public SafeDirectoryHandle Directory => _job.Handle!;

    /// <summary>The name to create inside <see cref="Directory"/>: one validated component (it may be a temporary name that the checkout renames afterwards).</summary>
    public string Name { get; }

    /// <summary>The path of the file inside the checkout, for messages.</summary>
    public string Path => _job.PathOf(Name);

    /// <summary>The size of the content in bytes.</summary>
    public long Size { get; }

    /// <summary>The owner the file must get when <see cref="ChangeOwnership"/> is set.</summary>
    public uint Uid { get; }

    /// <summary>The group the file must get when <see cref="ChangeOwnership"/> is set.</summary>
    public uint Gid { get; }

    /// <summary>The full mode the file must get (<c>S_IFREG</c> and permissions; setuid and setgid already removed in user mode).</summary>
    public uint Mode { get; }

    /// <summary>Whether owner and xattrs are applied (a normal checkout), or left as the process creates them (user mode).</summary>
    public bool ChangeOwnership { get; }

    /// <summary>The xattrs to apply when <see cref="ChangeOwnership"/> is set.</summary>
    public IReadOnlyList<Xattr> Xattrs { get; }

    internal ReadOnlySpan<byte> NativeName { get; }

    internal CheckoutContext Context => _context;

    /// <summary>
    /// Opens the repository's object file for reading, when the repository stores content uncompressed (the bare
    /// modes); <see langword="null"/> for an archive repository, whose objects are compressed.
    /// </summary>
    /// <returns>A read-only handle the caller disposes, or <see langword="null"/>.</returns>
    public SafeFileHandle? OpenSourceFile() => _context.Source.OpenObjectFile(Checksum);

    /// <summary>Creates the new, empty file with <c>O_CREAT | O_EXCL | O_NOFOLLOW</c> and mode 0600.</summary>
    /// <returns>A writable handle the caller disposes, or <see langword="null"/> if something already has the name.</returns>
    /// <exception cref="IOException">The file cannot be created.</exception>
    public SafeFileHandle? TryCreateFile()
    {
        var file = TargetIO.TryCreateFile(Directory, NativeName, out var error);
        if (file is null && error != Interop.Error.EEXIST)
        {
            Interop.ThrowForError(error, "openat", Path);
        }

        return file;
    }

    /// <summary>Writes the object's content into <paramref name="destination"/> (<c>copy_file_range</c> from a bare object, inflating from an archive one).</summary>
    /// <param name="destination">A new file from <see cref="TryCreateFile"/>.</param>
    /// <returns>The number of bytes written.</returns>
    public long CopyContentTo(SafeFileHandle destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        return _content.CopyTo(_context.Source, Checksum, Size, destination, Path);
    }

    /// <summary>
    /// Applies the metadata as libostree does for a copied file: owner and xattrs in a normal checkout, then the mode,
    /// then <c>fsync</c> when <see cref="CheckoutOptions.Fsync"/> is set. Everything acts on the handle, never on a path.
    /// </summary>
    /// <param name="file">The new file.</param>
    public void ApplyMetadata(SafeFileHandle file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (ChangeOwnership)
        {
            TargetIO.SetOwner(file, Uid, Gid, Path);
            foreach (var xattr in Xattrs)
            {
                TargetIO.SetXattr(file, xattr.NameBytes.Span, xattr.Value.Span, Path);
            }
        }

        TargetIO.SetMode(file, Mode, Path);
        if (_context.Options.Fsync)
        {
            TargetIO.Fsync(file, Path);
        }
    }

    /// <summary>Removes the file a failed materialization created, so that nothing half-written keeps the name.</summary>
    public void RemoveCreatedFile() => TargetIO.TryUnlink(Directory, NativeName);

    internal Interop.Error TryLinkObject() => _context.Source.TryLinkObject(Checksum, Directory, NativeName);
}
