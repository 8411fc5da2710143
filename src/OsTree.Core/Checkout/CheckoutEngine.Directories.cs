using System.Runtime.CompilerServices;
using OsTree.Internal.Interop;
using OsTree.Objects;

namespace OsTree.Checkout;

internal sealed partial class CheckoutEngine
{
    private const uint DirectoryType = 0x4000;

    [SkipLocalsInit]
    private void ProcessDirectory(DirectoryJob job, CheckoutCounters counters)
    {
        var parent = job.Parent?.Handle ?? _destinationParent!;
        Span<byte> name = stackalloc byte[NativeNames.NameBufferSize];
        if (!NativeNames.TryEncodeName(job.Name, name))
        {
            throw new InvalidDataException($"Refusing to check out '{job.Path}': a directory name in a dirtree must be one path component, not empty, '.' or '..', without '/' or NUL, at most 255 bytes.");
        }

        if (job.SelectedFiles is { } selected)
        {
            // --subpath naming a file (or a list of files): the destination directory may exist; the files go inside it.
            var made = TargetIO.TryMakeDirectory(parent, name);
            if (made is not (0 or Interop.Error.EEXIST))
            {
                Interop.ThrowForError(made, "mkdirat", DisplayPath(job));
            }

            job.Existed = true;
            Open(job, parent, name);
            foreach (var file in selected)
            {
                ProcessFile(job, file, counters);
            }

            Complete(job);
            return;
        }

        DirTree tree;
        try
        {
            tree = _context.Source.ReadDirTree(job.Tree);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"Refusing to check out '{DisplayPath(job)}': its dirtree {job.Tree} is malformed: {e.Message}", e);
        }

        job.DirMeta = _context.Source.ReadDirMeta(job.Meta);
        if (!UnixDirectory(job.DirMeta.Mode))
        {
            throw new InvalidDataException($"Refusing to check out '{DisplayPath(job)}': its dirmeta {job.Meta} has mode 0{Convert.ToString(job.DirMeta.Mode, 8)}, not a directory.");
        }

        if (Options.ProcessWhiteouts && tree.TryGetFile(".wh..wh..opq", out _))
        {
            // An opaque whiteout: this layer's directory replaces whatever the target had.
            TargetIO.RemoveTree(parent, name, () => DisplayPath(job));
        }

        // Created 0700; the final mode and owner are applied once the contents are complete, as libostree does.
        var error = TargetIO.TryMakeDirectory(parent, name);
        if (error == Interop.Error.EEXIST)
        {
            if (Options.OverwriteMode == CheckoutOverwriteMode.None)
            {
                throw new CheckoutException(job.Path, $"Cannot check out '{DisplayPath(job)}': it already exists (use a union mode to check out over an existing tree).");
            }

            job.Existed = true;
        }
        else if (error != 0)
        {
            Interop.ThrowForError(error, "mkdirat", DisplayPath(job));
        }

        Open(job, parent, name);
        counters.Directories++;

        if (job.Parent is null && Options.RequireHardlinks)
        {
            TargetIO.Stat(job.Handle!, Interop.StatxBasicStats, out var stat, DisplayPath(job));
            if (stat.Device != _context.Source.ObjectsDevice)
            {
                throw new CheckoutException(string.Empty, $"Unable to do hardlink checkout across devices: '{DisplayPath(job)}' is not on the repository's filesystem.");
            }
        }

        if (!job.Existed && !_context.UserMode)
        {
            foreach (var xattr in job.DirMeta.Xattrs)
            {
                TargetIO.SetXattr(job.Handle!, xattr.NameBytes.Span, xattr.Value.Span, DisplayPath(job));
            }
        }

        var files = tree.Files;
        if (files.Count > FileChunk && !Options.ProcessWhiteouts)
        {
            // Spread a large directory's files over the threads; whiteouts keep libostree's files-first order.
            for (var start = 0; start < files.Count; start += FileChunk)
            {
                Interlocked.Increment(ref job.Pending);
                Push(new WorkItem(job, tree, start, Math.Min(FileChunk, files.Count - start)));
            }
        }
        else
        {
            ProcessFiles(job, tree, 0, files.Count, counters);
        }

        var directories = tree.Directories;
        for (var i = directories.Count - 1; i >= 0; i--)
        {
            var d = directories[i];
            if (!NativeNames.IsValidName(d.Name))
            {
                throw new InvalidDataException($"Refusing to check out '{job.PathOf(d.Name)}': a directory name in a dirtree must be one path component, not empty, '.' or '..', without '/' or NUL.");
            }

            Interlocked.Increment(ref job.Pending);
            Push(new WorkItem(new DirectoryJob(job, d.Name, d.TreeChecksum, d.MetaChecksum)));
        }

        Complete(job);
    }

    private static bool UnixDirectory(uint mode) => (mode & 0xF000) == DirectoryType;

    private void Open(DirectoryJob job, SafeDirectoryHandle parent, ReadOnlySpan<byte> name)
    {
        var handle = TargetIO.TryOpenDirectory(parent, name, out var error);
        if (handle is null)
        {
            if (error is Interop.Error.ELOOP or Interop.Error.ENOTDIR)
            {
                throw new CheckoutException(job.Path, $"Cannot check out '{DisplayPath(job)}': the target has something there that is not a directory (a symbolic link is never followed).");
            }

            Interop.ThrowForError(error, "openat", DisplayPath(job));
        }

        job.Handle = handle;
        lock (_lock)
        {
            _open.Add(job);
        }
    }

    /// <summary>Applies a finished directory's final metadata (only to directories this checkout created) and closes it.</summary>
    private void FinishDirectory(DirectoryJob job)
    {
        var handle = job.Handle!;
        if (!job.Existed)
        {
            var meta = job.DirMeta!;
            var mode = _context.MaskDirectoryModes ? (meta.Mode & 0x1FD) | DirectoryType : meta.Mode;
            TargetIO.SetMode(handle, mode, DisplayPath(job));
            if (!_context.UserMode)
            {
                TargetIO.SetOwner(handle, meta.Uid, meta.Gid, DisplayPath(job));
            }

            // Constant across checkouts; set last, after the children changed it. Copy checkouts keep theirs.
            if (!Options.ForceCopy)
            {
                TargetIO.SetMtimeZero(handle, DisplayPath(job));
            }
        }

        if (Options.Fsync)
        {
            TargetIO.Fsync(handle, DisplayPath(job));
        }

        lock (_lock)
        {
            _open.Remove(job);
        }

        handle.Dispose();
        job.Handle = null;
    }

    /// <summary>A directory's path for messages: relative to the checkout, or the destination's name for the root.</summary>
    private static string DisplayPath(DirectoryJob job) => job.Parent is null ? job.Name : job.Path;
}
