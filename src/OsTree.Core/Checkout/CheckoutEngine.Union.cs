using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Win32.SafeHandles;
using OsTree.Internal.Interop;
using OsTree.Objects;
using OsTree.Repositories;

namespace OsTree.Checkout;

internal sealed partial class CheckoutEngine
{
    private const int TemporaryAttempts = 128;

    /// <summary>The hard link found the name taken: apply the overwrite mode as libostree's <c>checkout_file_hardlink</c> does.</summary>
    [SkipLocalsInit]
    private void LinkOverExisting(DirectoryJob job, in DirTreeFile entry, ReadOnlySpan<byte> name, in FileFacts facts, CheckoutCounters counters)
    {
        var path = job.PathOf(entry.Name);
        switch (Options.OverwriteMode)
        {
            case CheckoutOverwriteMode.None:
                throw Exists(path);
            case CheckoutOverwriteMode.AddFiles:
                counters.Kept++;
                return;
        }

        // Union and union-identical: keep a file that is already this object.
        var error = _context.Source.TryStatObjectInode(entry.Checksum, out var objectStat);
        if (error != 0)
        {
            _context.Source.ThrowMissing(entry.Checksum, error);
        }

        error = TargetIO.TryStat(job.Handle!, name, Interop.StatxBasicStats, out var existing);
        if (error == 0)
        {
            var identical = objectStat.Device == existing.Device && objectStat.Inode == existing.Inode;
            if (!identical && StatEqual(objectStat, existing))
            {
                identical = ExistingChecksum(job, entry.Name, name, existing) == entry.Checksum;
            }

            if (identical)
            {
                counters.Kept++;
                return;
            }
        }
        else if (error != Interop.Error.ENOENT)
        {
            Interop.ThrowForError(error, "statx", path);
        }

        if (Options.OverwriteMode == CheckoutOverwriteMode.UnionIdentical)
        {
            throw new CheckoutException(path, $"Cannot check out '{path}': the target already has a different file there (union-identical).");
        }

        // Union: link under a temporary name, then rename over the existing entry (which replaces a symbolic link
        // itself, never what it points at).
        Span<byte> temporary = stackalloc byte[NativeNames.NameBufferSize];
        for (var attempt = 0; ; attempt++)
        {
            TemporaryName(temporary);
            error = _context.Source.TryLinkObject(entry.Checksum, job.Handle!, temporary);
            if (error == 0)
            {
                break;
            }

            if (error != Interop.Error.EEXIST || attempt == TemporaryAttempts)
            {
                Interop.ThrowForError(error, "linkat", path);
            }
        }

        ReplaceWith(job, path, temporary, name);
        counters.HardLinks++;
        counters.BytesLinked += facts.Size;
    }

    /// <summary>A copy found the name taken.</summary>
    [SkipLocalsInit]
    private void CopyOverExisting(DirectoryJob job, in DirTreeFile entry, ReadOnlySpan<byte> name, in FileFacts facts, ContentSource content, CheckoutCounters counters)
    {
        var path = job.PathOf(entry.Name);
        switch (Options.OverwriteMode)
        {
            case CheckoutOverwriteMode.None:
                throw Exists(path);
            case CheckoutOverwriteMode.AddFiles:
                counters.Kept++;
                return;
            case CheckoutOverwriteMode.UnionIdentical:
            {
                var error = TargetIO.TryStat(job.Handle!, name, Interop.StatxBasicStats, out var existing);
                if (error == 0 && ExistingChecksum(job, entry.Name, name, existing) == entry.Checksum)
                {
                    counters.Kept++;
                    return;
                }

                throw new CheckoutException(path, $"Cannot check out '{path}': the target already has a different file there (union-identical).");
            }
        }

        Span<byte> temporary = stackalloc byte[NativeNames.NameBufferSize];
        for (var attempt = 0; ; attempt++)
        {
            TemporaryName(temporary);
            var temporaryText = Encoding.ASCII.GetString(temporary[..temporary.IndexOf((byte)0)]);
            if (Materialize(job, new DirTreeFile(temporaryText, entry.Checksum), temporary, facts, content) == MaterializeStatus.Created)
            {
                break;
            }

            if (attempt == TemporaryAttempts)
            {
                throw new IOException($"Cannot find a free temporary name next to '{path}'.");
            }
        }

        ReplaceWith(job, path, temporary, name);
        counters.Copies++;
        counters.BytesCopied += facts.Size;
    }

    /// <summary>A new symbolic link found the name taken.</summary>
    [SkipLocalsInit]
    private void SymlinkOverExisting(DirectoryJob job, in DirTreeFile entry, ReadOnlySpan<byte> name, ReadOnlySpan<byte> target, in FileFacts facts, CheckoutCounters counters)
    {
        var path = job.PathOf(entry.Name);
        switch (Options.OverwriteMode)
        {
            case CheckoutOverwriteMode.None:
                throw Exists(path);
            case CheckoutOverwriteMode.AddFiles:
                counters.Kept++;
                return;
            case CheckoutOverwriteMode.UnionIdentical:
            {
                var error = TargetIO.TryStat(job.Handle!, name, Interop.StatxType, out var existing);
                if (error == 0 && (existing.Mode & 0xF000) == 0xA000
                    && TargetIO.ReadLink(job.Handle!, name, path).AsSpan().SequenceEqual(target[..target.IndexOf((byte)0)]))
                {
                    counters.Kept++;
                    return;
                }

                throw new CheckoutException(path, $"Cannot check out '{path}': the target already has a different file there (union-identical).");
            }
        }

        Span<byte> temporary = stackalloc byte[NativeNames.NameBufferSize];
        for (var attempt = 0; ; attempt++)
        {
            TemporaryName(temporary);
            var error = TargetIO.TrySymlink(target, job.Handle!, temporary);
            if (error == 0)
            {
                break;
            }

            if (error != Interop.Error.EEXIST || attempt == TemporaryAttempts)
            {
                Interop.ThrowForError(error, "symlinkat", path);
            }
        }

        ReplaceWith(job, path, temporary, name);
        ApplySymlinkMetadata(job, entry.Name, name, facts);
        counters.SymbolicLinks++;
    }

    /// <summary>
    /// Renames the new entry over the existing one. With whiteouts (the Docker/OCI layering case) the existing entry
    /// may be a directory, which is removed first, as libostree does; otherwise replacing a directory fails.
    /// </summary>
    private void ReplaceWith(DirectoryJob job, string path, ReadOnlySpan<byte> temporary, ReadOnlySpan<byte> name)
    {
        if (Options.ProcessWhiteouts)
        {
            TargetIO.RemoveTree(job.Handle!, name, () => path);
        }

        var error = TargetIO.TryRename(job.Handle!, temporary, job.Handle!, name, noReplace: false);
        if (error != 0)
        {
            TargetIO.TryUnlink(job.Handle!, temporary);
            if (error is Interop.Error.EISDIR or Interop.Error.ENOTEMPTY or Interop.Error.EEXIST)
            {
                throw new CheckoutException(path, $"Cannot check out '{path}': the target has a directory there.");
            }

            Interop.ThrowForError(error, "renameat2", path);
        }
    }

    private static CheckoutException Exists(string path)
        => new(path, $"Cannot check out '{path}': it already exists in the target (use a union mode to replace or keep it).");

    private static void TemporaryName(Span<byte> buffer)
    {
        var written = Encoding.ASCII.GetBytes($".ostree-checkout-{Random.Shared.NextInt64():x16}", buffer);
        buffer[written] = 0;
    }

    /// <summary>libostree's <c>_ostree_stbuf_equal</c>: same type and mode, same size for regular files, same owner.</summary>
    private static bool StatEqual(in Interop.StatxBuffer a, in Interop.StatxBuffer b)
        => a.Mode == b.Mode && ((a.Mode & 0xF000) != 0x8000 || a.Size == b.Size) && a.Uid == b.Uid && a.Gid == b.Gid;

    /// <summary>
    /// The content checksum of a file already in the target, as <c>ostree_checksum_file_at</c> computes it for union
    /// modes: xattrs ignored and owner canonicalized for <c>bare-user-only</c> repositories.
    /// </summary>
    private Checksum? ExistingChecksum(DirectoryJob job, string entryName, ReadOnlySpan<byte> name, in Interop.StatxBuffer stat)
    {
        var path = job.PathOf(entryName);
        var type = stat.Mode & 0xF000u;
        if (type is not (0x8000 or 0xA000))
        {
            return null;
        }

        var canonical = _context.Source.Mode == RepositoryMode.BareUserOnly;
        IReadOnlyList<Xattr> xattrs = [];
        if (!canonical)
        {
            var procPath = $"/proc/self/fd/{job.Handle!.Fd}/{Encoding.UTF8.GetString(name[..name.IndexOf((byte)0)])}";
            var native = new byte[Encoding.UTF8.GetByteCount(procPath) + 1];
            Encoding.UTF8.GetBytes(procPath, native);
            xattrs = CheckoutSource.ReadAllXattrs(native, path);
        }

        var uid = canonical && type == 0x8000 ? 0 : stat.Uid;
        var gid = canonical && type == 0x8000 ? 0 : stat.Gid;
        FileHeader header;
        try
        {
            header = type == 0xA000
                ? new FileHeader(uid, gid, stat.Mode, Encoding.UTF8.GetString(TargetIO.ReadLink(job.Handle!, name, path)), xattrs)
                : new FileHeader(uid, gid, stat.Mode, string.Empty, xattrs);
        }
        catch (ArgumentException)
        {
            return null;
        }

        if (type == 0xA000)
        {
            return header.ComputeContentChecksum(ReadOnlySpan<byte>.Empty);
        }

        using SafeFileHandle? file = TargetIO.TryOpenRead(job.Handle!, name, out var error);
        if (file is null)
        {
            Interop.ThrowForError(error, "openat", path);
        }

        using var stream = new FileStream(file, FileAccess.Read, bufferSize: 0);
        return header.ComputeContentChecksum(stream);
    }
}
