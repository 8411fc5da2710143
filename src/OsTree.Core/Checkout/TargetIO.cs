using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using OsTree.Internal;
using OsTree.Internal.Interop;

namespace OsTree.Checkout;

/// <summary>
/// The filesystem operations of a checkout, each relative to an open directory handle and a single validated name
/// (NUL-terminated UTF-8). Nothing here resolves a multi-component path or follows a symbolic link in the target.
/// Methods named <c>Try…</c> return the <c>errno</c> (0 on success) so callers can act on <c>EEXIST</c>,
/// <c>EXDEV</c> or <c>EMLINK</c> without exceptions; the others throw, naming the path.
/// </summary>
internal static unsafe class TargetIO
{
    private const int BufferSize = 128 * 1024;

    /// <summary>Creates a directory with mode 0700 (the final mode is applied when its contents are complete).</summary>
    internal static Interop.Error TryMakeDirectory(SafeDirectoryHandle parent, ReadOnlySpan<byte> name, uint mode = 0x1C0)
    {
        fixed (byte* n = name)
        {
            return Interop.MkdirAt(parent, n, mode) == 0 ? 0 : Interop.LastError();
        }
    }

    /// <summary>Opens a child directory without following a symbolic link.</summary>
    /// <returns>The handle, or null with the <c>errno</c> (<c>ELOOP</c> for a symbolic link, <c>ENOTDIR</c> for another file).</returns>
    internal static SafeDirectoryHandle? TryOpenDirectory(SafeDirectoryHandle parent, ReadOnlySpan<byte> name, out Interop.Error error)
    {
        int fd;
        fixed (byte* n = name)
        {
            fd = Interop.OpenAt(parent, n, Interop.ORdOnly | Interop.ODirectory | Interop.ONoFollow | Interop.OCloExec, 0);
        }

        if (fd < 0)
        {
            error = Interop.LastError();
            return null;
        }

        error = 0;
        return new SafeDirectoryHandle(fd);
    }

    /// <summary>Hard-links <paramref name="sourcePath"/> (relative to <paramref name="sourceDirectory"/>) as <paramref name="name"/>; a symbolic link is linked itself.</summary>
    internal static Interop.Error TryLink(SafeDirectoryHandle sourceDirectory, ReadOnlySpan<byte> sourcePath, SafeDirectoryHandle directory, ReadOnlySpan<byte> name)
    {
        fixed (byte* s = sourcePath)
        fixed (byte* n = name)
        {
            return Interop.LinkAt(sourceDirectory, s, directory, n, 0) == 0 ? 0 : Interop.LastError();
        }
    }

    /// <summary>Creates a symbolic link holding <paramref name="target"/>.</summary>
    internal static Interop.Error TrySymlink(ReadOnlySpan<byte> target, SafeDirectoryHandle directory, ReadOnlySpan<byte> name)
    {
        fixed (byte* t = target)
        fixed (byte* n = name)
        {
            return Interop.SymlinkAt(t, directory, n) == 0 ? 0 : Interop.LastError();
        }
    }

    /// <summary>Creates a new regular file with <c>O_EXCL | O_NOFOLLOW</c>, mode 0600 until its metadata is applied.</summary>
    /// <returns>The writable handle, or null with the <c>errno</c> (<c>EEXIST</c> if anything, even a dangling symbolic link, has the name).</returns>
    internal static SafeFileHandle? TryCreateFile(SafeDirectoryHandle directory, ReadOnlySpan<byte> name, out Interop.Error error)
    {
        int fd;
        fixed (byte* n = name)
        {
            fd = Interop.OpenAt(directory, n, Interop.OWrOnly | Interop.OCreat | Interop.OExcl | Interop.ONoFollow | Interop.OCloExec | Interop.ONoCtty, 0x180);
        }

        if (fd < 0)
        {
            error = Interop.LastError();
            return null;
        }

        error = 0;
        return new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>Opens an existing regular file for reading without following a symbolic link.</summary>
    internal static SafeFileHandle? TryOpenRead(SafeDirectoryHandle directory, ReadOnlySpan<byte> path, out Interop.Error error)
    {
        int fd;
        fixed (byte* n = path)
        {
            fd = Interop.OpenAt(directory, n, Interop.ORdOnly | Interop.ONoFollow | Interop.OCloExec | Interop.ONoCtty, 0);
        }

        if (fd < 0)
        {
            error = Interop.LastError();
            return null;
        }

        error = 0;
        return new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>Renames within or across directories; with <paramref name="noReplace"/> an existing target is <c>EEXIST</c>, otherwise it is replaced atomically (a symbolic link is replaced, not followed).</summary>
    internal static Interop.Error TryRename(SafeDirectoryHandle fromDirectory, ReadOnlySpan<byte> from, SafeDirectoryHandle toDirectory, ReadOnlySpan<byte> to, bool noReplace)
    {
        fixed (byte* f = from)
        fixed (byte* t = to)
        {
            return Interop.RenameAt2(fromDirectory, f, toDirectory, t, noReplace ? Interop.RenameNoReplace : 0) == 0 ? 0 : Interop.LastError();
        }
    }

    /// <summary>Removes a non-directory (a symbolic link is removed itself).</summary>
    internal static Interop.Error TryUnlink(SafeDirectoryHandle directory, ReadOnlySpan<byte> name, bool directoryEntry = false)
    {
        fixed (byte* n = name)
        {
            return Interop.UnlinkAt(directory, n, directoryEntry ? Interop.AtRemoveDir : 0) == 0 ? 0 : Interop.LastError();
        }
    }

    /// <summary><c>statx</c> of a name in a directory, not following a symbolic link.</summary>
    internal static Interop.Error TryStat(SafeDirectoryHandle directory, ReadOnlySpan<byte> name, uint mask, out Interop.StatxBuffer stat)
    {
        fixed (byte* n = name)
        {
            return Interop.Statx(directory, n, Interop.AtSymlinkNoFollow, mask, out stat) == 0 ? 0 : Interop.LastError();
        }
    }

    /// <summary><c>statx</c> of an open file or directory.</summary>
    internal static void Stat(SafeHandle handle, uint mask, out Interop.StatxBuffer stat, string path)
    {
        fixed (byte* empty = ""u8)
        {
            Interop.CheckIo(Interop.Statx(handle, empty, Interop.AtEmptyPath, mask, out stat), "statx", path);
        }
    }

    /// <summary>
    /// Removes <paramref name="name"/> and, if it is a directory, everything under it, as <c>rm -rf</c> would but never
    /// following a symbolic link: a link is removed, not what it points at. A missing name is not an error.
    /// </summary>
    internal static void RemoveTree(SafeDirectoryHandle directory, ReadOnlySpan<byte> name, Func<string> describe)
    {
        var error = TryUnlink(directory, name);
        if (error is 0 or Interop.Error.ENOENT)
        {
            return;
        }

        if (error != Interop.Error.EISDIR && error != Interop.Error.EPERM)
        {
            Interop.ThrowForError(error, "unlinkat", describe());
        }

        using (var child = TryOpenDirectory(directory, name, out error))
        {
            if (child is null)
            {
                Interop.ThrowForError(error, "openat", describe());
            }

            EmptyDirectory(child, describe);
        }

        error = TryUnlink(directory, name, directoryEntry: true);
        if (error is not (0 or Interop.Error.ENOENT))
        {
            Interop.ThrowForError(error, "unlinkat", describe());
        }
    }

    private static void EmptyDirectory(SafeDirectoryHandle directory, Func<string> describe)
    {
        // /proc/self/fd/N names the very directory this handle holds, so listing it cannot be redirected.
        var names = new List<string>();
        foreach (var entry in Directory.EnumerateFileSystemEntries($"/proc/self/fd/{directory.Fd}"))
        {
            names.Add(Path.GetFileName(entry));
        }

        Span<byte> buffer = stackalloc byte[NativeNames.NameBufferSize];
        foreach (var child in names)
        {
            if (!NativeNames.TryEncodeName(child, buffer))
            {
                continue;
            }

            var childName = child;
            RemoveTree(directory, buffer, () => describe() + "/" + childName);
        }
    }

    /// <summary>Copies <paramref name="length"/> bytes with <c>copy_file_range</c>, falling back to read/write where the kernel cannot.</summary>
    internal static void CopyData(SafeFileHandle source, SafeFileHandle destination, long length, string path)
        => FileData.Copy(source, destination, length, path);

    /// <summary>Copies a stream (an inflating archive object) into a new file.</summary>
    internal static long CopyData(Stream source, SafeFileHandle destination)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            long offset = 0;
            int n;
            while ((n = source.Read(buffer, 0, buffer.Length)) > 0)
            {
                RandomAccess.Write(destination, buffer.AsSpan(0, n), offset);
                offset += n;
            }

            return offset;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    internal static void SetOwner(SafeHandle handle, uint uid, uint gid, string path)
        => Interop.CheckIo(Interop.Fchown(handle, uid, gid), "fchown", path);

    internal static void SetMode(SafeHandle handle, uint mode, string path)
        => Interop.CheckIo(Interop.Fchmod(handle, mode & 0xFFF), "fchmod", path);

    /// <summary>Sets one xattr on an open file or directory; <paramref name="name"/> need not be NUL-terminated.</summary>
    [SkipLocalsInit]
    internal static void SetXattr(SafeHandle handle, ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, string path)
    {
        Span<byte> n = stackalloc byte[NativeNames.NameBufferSize];
        var terminated = Terminate(name, n, path);
        fixed (byte* np = terminated)
        fixed (byte* vp = value)
        {
            Interop.CheckIo(Interop.Fsetxattr(handle, np, vp, (nuint)value.Length, 0), "fsetxattr", path);
        }
    }

    /// <summary>Sets the owner of a symbolic link itself.</summary>
    internal static void SetSymlinkOwner(SafeDirectoryHandle directory, ReadOnlySpan<byte> name, uint uid, uint gid, string path)
    {
        fixed (byte* n = name)
        {
            Interop.CheckIo(Interop.FchownAt(directory, n, uid, gid, Interop.AtSymlinkNoFollow), "fchownat", path);
        }
    }

    /// <summary>
    /// Sets one xattr on a symbolic link itself, which cannot be opened: through <c>/proc/self/fd/DIR/NAME</c>, where
    /// the directory is the handle already held and only the last component, never followed, is a name.
    /// </summary>
    [SkipLocalsInit]
    internal static void SetSymlinkXattr(SafeDirectoryHandle directory, ReadOnlySpan<byte> name, ReadOnlySpan<byte> xattrName, ReadOnlySpan<byte> value, string path)
    {
        Span<byte> full = stackalloc byte[64 + NativeNames.NameBufferSize];
        var prefix = $"/proc/self/fd/{directory.Fd}/";
        var written = System.Text.Encoding.ASCII.GetBytes(prefix, full);
        var nameLength = name.IndexOf((byte)0);
        name[..nameLength].CopyTo(full[written..]);
        full[written + nameLength] = 0;
        Span<byte> n = stackalloc byte[NativeNames.NameBufferSize];
        var terminated = Terminate(xattrName, n, path);
        var added = false;
        try
        {
            directory.DangerousAddRef(ref added);
            fixed (byte* fp = full)
            fixed (byte* np = terminated)
            fixed (byte* vp = value)
            {
                Interop.CheckIo(Interop.Lsetxattr(fp, np, vp, (nuint)value.Length, 0), "lsetxattr", path);
            }
        }
        finally
        {
            if (added)
            {
                directory.DangerousRelease();
            }
        }
    }

    /// <summary>Sets the modification time to 0 (the epoch) and leaves the access time, as libostree does for directories.</summary>
    internal static void SetMtimeZero(SafeHandle handle, string path)
    {
        var times = stackalloc Interop.TimeSpec[2];
        times[0] = new Interop.TimeSpec { Seconds = 0, Nanoseconds = Interop.UtimeOmit };
        times[1] = new Interop.TimeSpec { Seconds = 0, Nanoseconds = 0 };
        Interop.CheckIo(Interop.Futimens(handle, times), "futimens", path);
    }

    internal static void Fsync(SafeHandle handle, string path)
        => Interop.CheckIo(Interop.Fsync(handle), "fsync", path);

    internal static void SyncFilesystem(SafeHandle handle, string path)
        => Interop.CheckIo(Interop.Syncfs(handle), "syncfs", path);

    /// <summary>Reads a symbolic link's target as UTF-8 bytes.</summary>
    internal static byte[] ReadLink(SafeDirectoryHandle directory, ReadOnlySpan<byte> name, string path)
    {
        var buffer = new byte[4096 + 1];
        nint n;
        fixed (byte* np = name)
        fixed (byte* bp = buffer)
        {
            n = Interop.ReadLinkAt(directory, np, bp, (nuint)buffer.Length);
        }

        Interop.CheckIo((long)n, "readlinkat", path);
        return buffer.AsSpan(0, (int)n).ToArray();
    }

    private static ReadOnlySpan<byte> Terminate(ReadOnlySpan<byte> name, Span<byte> buffer, string path)
    {
        var end = name.IndexOf((byte)0);
        if (end >= 0)
        {
            name = name[..end];
        }

        if (name.Length == 0 || name.Length >= buffer.Length)
        {
            throw new InvalidDataException($"'{path}': an xattr name must be 1 to {buffer.Length - 1} bytes, not {name.Length}.");
        }

        name.CopyTo(buffer);
        buffer[name.Length] = 0;
        return buffer[..(name.Length + 1)];
    }
}
