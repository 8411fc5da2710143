using System.Runtime.CompilerServices;
using System.Text;
using OsTree.Internal.Interop;
using OsTree.Objects;
using OsTree.Repositories;

namespace OsTree.Checkout;

internal sealed partial class CheckoutEngine
{
    private const uint SetIdBits = 0xC00; // S_ISUID | S_ISGID
    private const uint OwnerRead = 0x100; // S_IRUSR

    private static ReadOnlySpan<char> WhiteoutPrefix => ".wh.";

    private void ProcessFiles(DirectoryJob job, DirTree tree, int start, int count, CheckoutCounters counters)
    {
        var files = tree.Files;
        for (var i = start; i < start + count; i++)
        {
            ProcessFile(job, files[i], counters);
        }
    }

    /// <summary>
    /// One file, as libostree's <c>checkout_one_file_at</c> decides: a whiteout, a copy (empty files, unreadable
    /// files in user mode, <c>-C</c>, symbolic links of user-mode repositories, archive objects), or a hard link with
    /// a copy as the fallback.
    /// </summary>
    [SkipLocalsInit]
    private void ProcessFile(DirectoryJob job, in DirTreeFile entry, CheckoutCounters counters)
    {
        Span<byte> name = stackalloc byte[NativeNames.NameBufferSize];
        if (!NativeNames.TryEncodeName(entry.Name, name))
        {
            throw new InvalidDataException($"Refusing to check out '{job.PathOf(entry.Name)}': a file name in a dirtree must be one path component, not empty, '.' or '..', without '/' or NUL, at most 255 bytes.");
        }

        var source = _context.Source;
        var checksum = entry.Checksum;
        var facts = default(FileFacts);
        Stream? content = null;
        try
        {
            if (source.StoresPlainFiles)
            {
                var error = source.TryStatObject(checksum, ref facts, out _);
                if (error != 0)
                {
                    source.ThrowMissing(checksum, error);
                }
            }
            else
            {
                source.LoadFullHeader(checksum, ref facts, out content);
            }

            var isSymlink = facts.IsSymbolicLink;
            if (!isSymlink && !facts.IsRegularFile)
            {
                throw new InvalidDataException($"Refusing to check out '{job.PathOf(entry.Name)}': object {checksum} has mode 0{Convert.ToString(facts.Mode, 8)}, neither a regular file nor a symbolic link.");
            }

            if (Options.ProcessWhiteouts && !isSymlink && entry.Name.AsSpan().StartsWith(WhiteoutPrefix))
            {
                ApplyWhiteout(job, entry.Name, counters);
                return;
            }

            var zeroSized = !isSymlink && facts.Size == 0;
            var unreadable = _context.UserMode && !isSymlink && (facts.Mode & OwnerRead) == 0;
            var userModeSymlink = _context.RepositoryIsUserMode && isSymlink;
            if (!zeroSized && !unreadable && !Options.ForceCopy)
            {
                if (Options.RequireHardlinks && !_context.Hardlinkable && !userModeSymlink)
                {
                    throw new CheckoutException(job.PathOf(entry.Name), _context.CannotHardlinkMessage);
                }

                if (_context.Hardlinkable && !userModeSymlink && TryHardLink(job, entry, name, facts, counters))
                {
                    return;
                }
            }

            // A copy: the full header is needed for a symbolic link's target, or for owner and xattrs.
            if (!facts.HasFullHeader && (isSymlink || !_context.UserMode))
            {
                if (source.Mode == RepositoryMode.Bare && !isSymlink)
                {
                    source.LoadBareXattrs(checksum, ref facts);
                }
                else
                {
                    source.LoadFullHeader(checksum, ref facts, out content);
                }
            }

            if (_context.UserMode)
            {
                facts.Mode &= ~SetIdBits;
                if (unreadable)
                {
                    facts.Mode |= OwnerRead;
                }
            }

            if (isSymlink)
            {
                CreateSymbolicLink(job, entry, name, facts, counters);
            }
            else
            {
                CopyFile(job, entry, name, facts, new ContentSource(content), counters);
            }
        }
        finally
        {
            content?.Dispose();
        }
    }

    /// <returns><see langword="false"/> when the link cannot be made here and a copy must be made instead.</returns>
    private bool TryHardLink(DirectoryJob job, in DirTreeFile entry, ReadOnlySpan<byte> name, in FileFacts facts, CheckoutCounters counters)
    {
        var request = new FileMaterialization(_context, job, entry.Name, name, entry.Checksum, facts, default);
        switch (HardLinkMaterializer.Instance.Materialize(request))
        {
            case MaterializeStatus.Created:
                counters.HardLinks++;
                counters.BytesLinked += facts.Size;
                return true;
            case MaterializeStatus.Exists:
                LinkOverExisting(job, entry, name, facts, counters);
                return true;
            default:
                if (Options.RequireHardlinks)
                {
                    throw new CheckoutException(job.PathOf(entry.Name), $"Cannot hard-link '{job.PathOf(entry.Name)}' to object {entry.Checksum} (another device, or too many links) and hard links are required.");
                }

                return false;
        }
    }

    private void CopyFile(DirectoryJob job, in DirTreeFile entry, ReadOnlySpan<byte> name, in FileFacts facts, ContentSource content, CheckoutCounters counters)
    {
        var status = Materialize(job, entry, name, facts, content);
        if (status == MaterializeStatus.Exists)
        {
            CopyOverExisting(job, entry, name, facts, content, counters);
            return;
        }

        counters.Copies++;
        counters.BytesCopied += facts.Size;
    }

    /// <summary>Runs the configured copy materializer, and the plain copy when it cannot serve.</summary>
    private MaterializeStatus Materialize(DirectoryJob job, in DirTreeFile entry, ReadOnlySpan<byte> name, in FileFacts facts, ContentSource content)
    {
        var request = new FileMaterialization(_context, job, entry.Name, name, entry.Checksum, facts, content);
        var status = _context.CopyMaterializer.Materialize(request);
        if (status == MaterializeStatus.Unsupported)
        {
            status = CopyMaterializer.Instance.Materialize(request);
        }

        return status;
    }

    [SkipLocalsInit]
    private void CreateSymbolicLink(DirectoryJob job, in DirTreeFile entry, ReadOnlySpan<byte> name, in FileFacts facts, CheckoutCounters counters)
    {
        var targetText = facts.SymbolicLinkTarget!;
        var length = Encoding.UTF8.GetByteCount(targetText);
        Span<byte> target = length < 1024 ? stackalloc byte[1024] : new byte[length + 1];
        if (NativeNames.Encode(targetText, target) < 0 || length == 0)
        {
            throw new InvalidDataException($"Refusing to check out '{job.PathOf(entry.Name)}': object {entry.Checksum} is a symbolic link with an empty target or one containing NUL.");
        }

        var error = TargetIO.TrySymlink(target, job.Handle!, name);
        if (error == Interop.Error.EEXIST)
        {
            SymlinkOverExisting(job, entry, name, target, facts, counters);
            return;
        }

        if (error != 0)
        {
            Interop.ThrowForError(error, "symlinkat", job.PathOf(entry.Name));
        }

        ApplySymlinkMetadata(job, entry.Name, name, facts);
        counters.SymbolicLinks++;
    }

    private void ApplySymlinkMetadata(DirectoryJob job, string entryName, ReadOnlySpan<byte> name, in FileFacts facts)
    {
        if (_context.UserMode)
        {
            return;
        }

        var path = job.PathOf(entryName);
        TargetIO.SetSymlinkOwner(job.Handle!, name, facts.Uid, facts.Gid, path);
        foreach (var xattr in facts.Xattrs)
        {
            TargetIO.SetSymlinkXattr(job.Handle!, name, xattr.NameBytes.Span, xattr.Value.Span, path);
        }
    }

    /// <summary><c>.wh.NAME</c> removes <c>NAME</c> (a file, a link, or a whole tree, never following a link) and is not itself checked out.</summary>
    [SkipLocalsInit]
    private void ApplyWhiteout(DirectoryJob job, string entryName, CheckoutCounters counters)
    {
        var victim = entryName[WhiteoutPrefix.Length..];
        Span<byte> name = stackalloc byte[NativeNames.NameBufferSize];
        if (!NativeNames.TryEncodeName(victim, name))
        {
            throw new InvalidDataException($"Refusing to check out '{job.PathOf(entryName)}': an invalid (empty, '.' or '..') whiteout.");
        }

        TargetIO.RemoveTree(job.Handle!, name, () => job.PathOf(victim));
        counters.Whiteouts++;
    }
}
