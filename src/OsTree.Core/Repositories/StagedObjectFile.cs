using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;
using OsTree.Internal.Interop;

namespace OsTree.Repositories;

/// <summary>
/// A file being written that gets its name only once it is complete, as libostree's staging does: an anonymous
/// <c>O_TMPFILE</c> inode linked under its final name, or, where the filesystem has no <c>O_TMPFILE</c>, a dot-named
/// temporary file renamed into place. An anonymous file needs one directory operation instead of a create and a
/// rename, and a killed writer leaves nothing behind.
/// </summary>
internal sealed unsafe class StagedObjectFile : IDisposable
{
    // Set once the filesystem has refused O_TMPFILE, so that later files go straight to the named fallback.
    private static volatile bool s_anonymousUnsupported;

    // Set once linkat(AT_EMPTY_PATH) has been refused for want of CAP_DAC_READ_SEARCH.
    private static volatile bool s_emptyPathUnsupported;

    private readonly string? _temporaryPath;
    private bool _published;

    private StagedObjectFile(SafeFileHandle handle, string? temporaryPath)
    {
        Handle = handle;
        _temporaryPath = temporaryPath;
    }

    /// <summary>The open file, readable and writable.</summary>
    internal SafeFileHandle Handle { get; }

    /// <summary>Creates an unnamed file on the filesystem of <paramref name="directory"/>.</summary>
    /// <param name="directory">A directory of the repository's staging area.</param>
    internal static StagedObjectFile Create(string directory) => Create(null, directory);

    /// <summary>Creates an unnamed file in the open directory <paramref name="handle"/> (no path lookup).</summary>
    /// <param name="handle">The directory, open; null to look <paramref name="directory"/> up.</param>
    /// <param name="directory">Its path, for the fallback and for messages.</param>
    internal static StagedObjectFile Create(SafeFileHandle? handle, string directory)
    {
        if (!s_anonymousUnsupported)
        {
            var fd = handle is null
                ? Interop.OpenAt(Interop.AtFdCwd, directory, Interop.OTmpFile | Interop.ORdWr | Interop.OCloExec, 0b110_110_110)
                : Interop.OpenAt(handle, ".", Interop.OTmpFile | Interop.ORdWr | Interop.OCloExec, 0b110_110_110);
            if (fd >= 0)
            {
                return new StagedObjectFile(new SafeFileHandle(fd, ownsHandle: true), null);
            }

            // EISDIR and EINVAL are what kernels and filesystems without O_TMPFILE answer; anything else is a real error.
            var error = Interop.LastError();
            if (error is not (Interop.Error.EOPNOTSUPP or Interop.Error.EISDIR or Interop.Error.EINVAL))
            {
                Interop.ThrowForError(error, "open(O_TMPFILE)", directory);
            }

            s_anonymousUnsupported = true;
        }

        Span<byte> random = stackalloc byte[6];
        RandomNumberGenerator.Fill(random);
        var path = $"{directory}/.tmp-{Convert.ToHexStringLower(random)}";
        return new StagedObjectFile(File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete), path);
    }

    /// <summary>Gives the complete file the name <paramref name="path"/> unless something already has that name.</summary>
    /// <returns><see langword="false"/> if <paramref name="path"/> existed (the file is then dropped).</returns>
    internal bool TryPublish(string path)
    {
        ObjectDisposedException.ThrowIf(Handle.IsClosed, this);
        if (_temporaryPath is not null)
        {
            _published = PosixFile.RenameNoReplace(_temporaryPath, path);
            return _published;
        }

        // linkat(AT_EMPTY_PATH) needs CAP_DAC_READ_SEARCH; the /proc/self/fd link is how open(2) says to name an
        // O_TMPFILE inode without it.
        var source = PosixFile.ToNative($"/proc/self/fd/{Handle.DangerousGetHandle()}");
        var target = PosixFile.ToNative(path);
        fixed (byte* s = source)
        fixed (byte* t = target)
        {
            if (Interop.LinkAt(PosixFile.CurrentDirectory, s, PosixFile.CurrentDirectory, t, Interop.AtSymlinkFollow) == 0)
            {
                _published = true;
                return true;
            }
        }

        var error = Interop.LastError();
        if (error == Interop.Error.EEXIST)
        {
            return false;
        }

        Interop.ThrowForError(error, "linkat", path);
        return false;
    }

    /// <summary>
    /// Gives the complete file the name <paramref name="name"/> in the open directory <paramref name="directory"/>
    /// unless something already has that name: no path is looked up but the name itself.
    /// </summary>
    /// <param name="directory">The directory, open.</param>
    /// <param name="name">The file name, NUL-terminated.</param>
    /// <param name="directoryPath">The directory's path, for the fallback and for messages.</param>
    /// <returns><see langword="false"/> if the name existed (the file is then dropped).</returns>
    internal bool TryPublish(SafeFileHandle directory, ReadOnlySpan<byte> name, string directoryPath)
    {
        ObjectDisposedException.ThrowIf(Handle.IsClosed, this);
        if (_temporaryPath is not null)
        {
            return TryPublish($"{directoryPath}/{System.Text.Encoding.UTF8.GetString(name[..^1])}");
        }

        fixed (byte* t = name)
        {
            if (!s_emptyPathUnsupported)
            {
                // linkat(AT_EMPTY_PATH) names the inode without resolving /proc/self/fd/N, but needs CAP_DAC_READ_SEARCH;
                // without it the kernel answers ENOENT, and the /proc link is used from then on.
                byte empty = 0;
                if (Interop.LinkAt(Handle, &empty, directory, t, Interop.AtEmptyPath) == 0)
                {
                    _published = true;
                    return true;
                }

                var first = Interop.LastError();
                if (first == Interop.Error.EEXIST)
                {
                    return false;
                }

                if (first is not (Interop.Error.ENOENT or Interop.Error.EPERM))
                {
                    Interop.ThrowForError(first, "linkat", DescribeName(directoryPath, name));
                }
            }

            Span<byte> source = stackalloc byte[32];
            System.Text.Unicode.Utf8.TryWrite(source, $"/proc/self/fd/{(long)Handle.DangerousGetHandle()}", out var length);
            source[length] = 0;
            fixed (byte* s = source)
            {
                if (Interop.LinkAt(PosixFile.CurrentDirectory, s, directory, t, Interop.AtSymlinkFollow) == 0)
                {
                    // Only now is ENOENT known to have meant the missing capability.
                    s_emptyPathUnsupported = true;
                    _published = true;
                    return true;
                }
            }
        }

        var error = Interop.LastError();
        if (error == Interop.Error.EEXIST)
        {
            return false;
        }

        Interop.ThrowForError(error, "linkat", DescribeName(directoryPath, name));
        return false;
    }

    private static string DescribeName(string directory, ReadOnlySpan<byte> name)
        => $"{directory}/{System.Text.Encoding.UTF8.GetString(name[..^1])}";

    /// <summary>Closes the file; an unpublished named temporary file is removed.</summary>
    public void Dispose()
    {
        Handle.Dispose();
        if (_temporaryPath is not null && !_published)
        {
            File.Delete(_temporaryPath);
        }
    }
}
