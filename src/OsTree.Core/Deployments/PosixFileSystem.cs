using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;
using OsTree.Internal;
using OsTree.Internal.Interop;

namespace OsTree.Deployments;

/// <summary>
/// The few POSIX operations the sysroot code needs that .NET does not offer: lstat with owner and mode, directory
/// fsync and syncfs, the immutable inode flag, owner and xattr copies, atomic symlink replacement and hard links.
/// Every call maps errno to a typed exception naming the path.
/// </summary>
internal static class PosixFileSystem
{
    /// <summary>The prefix of every temporary name this code creates; cleanup deletes stray ones.</summary>
    internal const string TempPrefix = ".tmp-";

    internal const uint TypeMask = 0xF000;
    internal const uint TypeDirectory = 0x4000;
    internal const uint TypeRegular = 0x8000;
    internal const uint TypeSymbolicLink = 0xA000;

    private const int ENOENT = 2;
    private const int EPERM = 1;
    private const int EACCES = 13;
    private const int EEXIST = 17;
    private const int ENOTDIR = 20;
    private const int ENOTTY = 25;
    private const int ERANGE = 34;
    private const int ENODATA = 61;
    private const int EOPNOTSUPP = 95;

    /// <summary>lstat(2) through statx; <see langword="false"/> when the path does not exist.</summary>
    internal static bool TryLstat(string path, out Interop.StatxBuffer st)
    {
        if (Interop.Statx(Interop.AtFdCwd, path, Interop.AtSymlinkNoFollow, Interop.StatxBasicStats, out st) == 0)
        {
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        if (errno is ENOENT or ENOTDIR)
        {
            return false;
        }

        throw Error(errno, "lstat", path);
    }

    /// <summary>lstat(2) through statx.</summary>
    internal static Interop.StatxBuffer Lstat(string path)
        => TryLstat(path, out var st) ? st : throw new FileNotFoundException($"No such file or directory: {path}", path);

    /// <summary>stat(2) through statx (follows a final symbolic link).</summary>
    internal static bool TryStat(string path, out Interop.StatxBuffer st)
    {
        if (Interop.Statx(Interop.AtFdCwd, path, 0, Interop.StatxBasicStats, out st) == 0)
        {
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        if (errno is ENOENT or ENOTDIR)
        {
            return false;
        }

        throw Error(errno, "stat", path);
    }

    internal static bool IsDirectory(in Interop.StatxBuffer st) => (st.Mode & TypeMask) == TypeDirectory;

    internal static bool IsRegular(in Interop.StatxBuffer st) => (st.Mode & TypeMask) == TypeRegular;

    internal static bool IsSymbolicLink(in Interop.StatxBuffer st) => (st.Mode & TypeMask) == TypeSymbolicLink;

    /// <summary>Opens a directory (or, with <paramref name="directory"/> false, any file) read-only, not following a final link.</summary>
    internal static SafeFileHandle OpenReadOnly(string path, bool directory)
    {
        var flags = Interop.ORdOnly | Interop.OCloExec | Interop.ONoFollow | (directory ? Interop.ODirectory : 0);
        var fd = Interop.OpenAt(Interop.AtFdCwd, path, flags, 0);
        if (fd < 0)
        {
            throw Error(Marshal.GetLastPInvokeError(), "open", path);
        }

        return new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>fsync(2) on a directory, so that the names created in it are durable.</summary>
    internal static void FsyncDirectory(string path)
    {
        using var handle = OpenReadOnly(path, directory: true);
        if (Interop.Fsync(handle) != 0)
        {
            throw Error(Marshal.GetLastPInvokeError(), "fsync", path);
        }
    }

    /// <summary>syncfs(2): flushes the whole filesystem that holds <paramref name="path"/>.</summary>
    internal static void SyncFileSystem(string path)
    {
        using var handle = OpenReadOnly(path, directory: true);
        if (Interop.Syncfs(handle) != 0)
        {
            throw Error(Marshal.GetLastPInvokeError(), "syncfs", path);
        }
    }

    /// <summary>
    /// Sets or clears the immutable inode flag of a directory as libostree does for deployments; filesystems without
    /// inode flags (tmpfs, overlayfs: EOPNOTSUPP/ENOTTY) and callers without CAP_LINUX_IMMUTABLE (EPERM) are ignored.
    /// </summary>
    internal static void SetImmutable(string path, bool immutable)
    {
        using var handle = OpenReadOnly(path, directory: true);
        var flags = 0;
        if (Interop.IoctlInodeFlags(handle, Interop.FsIocGetFlags, ref flags) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno is EOPNOTSUPP or ENOTTY or EPERM)
            {
                return;
            }

            throw Error(errno, "ioctl(FS_IOC_GETFLAGS)", path);
        }

        if (((flags & Interop.FsImmutableFlag) != 0) == immutable)
        {
            return;
        }

        flags = immutable ? flags | Interop.FsImmutableFlag : flags & ~Interop.FsImmutableFlag;
        if (Interop.IoctlInodeFlags(handle, Interop.FsIocSetFlags, ref flags) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno is EOPNOTSUPP or ENOTTY or EPERM)
            {
                return;
            }

            throw Error(errno, "ioctl(FS_IOC_SETFLAGS)", path);
        }
    }

    /// <summary>Whether the directory carries the immutable flag.</summary>
    internal static bool IsImmutable(string path)
    {
        using var handle = OpenReadOnly(path, directory: true);
        var flags = 0;
        return Interop.IoctlInodeFlags(handle, Interop.FsIocGetFlags, ref flags) == 0 && (flags & Interop.FsImmutableFlag) != 0;
    }

    /// <summary>rename(2).</summary>
    internal static void Rename(string from, string to)
    {
        if (Interop.Rename(from, to) != 0)
        {
            throw Error(Marshal.GetLastPInvokeError(), "rename", $"{from} -> {to}");
        }
    }

    /// <summary>link(2); <see langword="false"/> on EXDEV or EMLINK, when a copy must serve instead.</summary>
    internal static bool TryLink(string from, string to)
    {
        if (Interop.Link(from, to) == 0)
        {
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        if (errno is 18 /* EXDEV */ or 31 /* EMLINK */ or EPERM)
        {
            return false;
        }

        throw Error(errno, "link", $"{from} -> {to}");
    }

    /// <summary>
    /// Points <paramref name="linkPath"/> at <paramref name="target"/> atomically, as libostree's
    /// <c>symlink_at_replace</c>: a symbolic link <c>NAME.tmp</c> is written and renamed over NAME.
    /// </summary>
    internal static void ReplaceSymbolicLink(string target, string linkPath)
    {
        var temp = linkPath + ".tmp";
        DeleteFileIfExists(temp);
        File.CreateSymbolicLink(temp, target);
        Rename(temp, linkPath);
    }

    /// <summary>Unlinks a file or symbolic link if present.</summary>
    internal static void DeleteFileIfExists(string path)
    {
        if (TryLstat(path, out var st) && !IsDirectory(st))
        {
            File.Delete(path);
        }
    }

    /// <summary>Reads a symbolic link's target as stored.</summary>
    internal static string ReadLink(string path)
        => new FileInfo(path).LinkTarget ?? throw new IOException($"Not a symbolic link: {path}");

    /// <summary>
    /// Replaces a file's content atomically: a temporary file in the same directory, written, fsync'd (when
    /// <paramref name="durable"/>), renamed over the target.
    /// </summary>
    /// <remarks>
    /// The temporary file is named <c>.tmp-NAME-…</c> in <paramref name="tempDirectory"/> (same filesystem), or next to
    /// the target; an interruption can leave it behind, never a partial file under the target's name.
    /// </remarks>
    internal static void WriteFileAtomically(string path, ReadOnlySpan<byte> content, bool durable, uint mode = 0x1A4 /* 0644 */, string? tempDirectory = null)
    {
        var directory = tempDirectory ?? Path.GetDirectoryName(path)!;
        var temp = Path.Combine(directory, $"{TempPrefix}{Path.GetFileName(path)}-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(content);
                if (durable)
                {
                    stream.Flush(flushToDisk: true);
                }
            }

            Chmod(temp, mode);
            Rename(temp, path);
        }
        catch
        {
            DeleteFileIfExists(temp);
            throw;
        }
    }

    /// <summary>Creates a directory (and its parents) with the given mode, applied exactly (not masked by umask).</summary>
    internal static void CreateDirectory(string path, uint mode)
    {
        if (TryLstat(path, out var st))
        {
            if (!IsDirectory(st))
            {
                throw new IOException($"Not a directory: {path}");
            }

            return;
        }

        var parent = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(parent))
        {
            CreateDirectory(parent, mode);
        }

        MakeDirectory(path, mode);
    }

    /// <summary>
    /// Deletes a file or a whole tree without following symbolic links, clearing the immutable flag of directories
    /// that carry it. Missing paths are ignored.
    /// </summary>
    internal static void DeleteTree(string path)
    {
        if (!TryLstat(path, out var st))
        {
            return;
        }

        if (!IsDirectory(st))
        {
            File.Delete(path);
            return;
        }

        SetImmutable(path, immutable: false);
        foreach (var child in Directory.EnumerateFileSystemEntries(path))
        {
            DeleteTree(child);
        }

        Directory.Delete(path);
    }

    /// <summary>chmod(2) with all twelve permission bits.</summary>
    internal static void Chmod(string path, uint mode)
    {
        if (Interop.Chmod(path, mode) != 0)
        {
            throw Error(Marshal.GetLastPInvokeError(), "chmod", path);
        }
    }

    /// <summary>mkdir(2) followed by chmod(2), so the mode is exact whatever the umask.</summary>
    internal static void MakeDirectory(string path, uint mode)
    {
        if (Interop.Mkdir(path, mode) != 0)
        {
            throw Error(Marshal.GetLastPInvokeError(), "mkdir", path);
        }

        Chmod(path, mode);
    }

    /// <summary>Copies owner, mode and extended attributes from one path to another, as libostree's /etc merge does.</summary>
    internal static void CopyMetadata(string source, in Interop.StatxBuffer st, string destination)
    {
        CopyExtendedAttributes(source, destination);
        if (Interop.Lchown(destination, st.Uid, st.Gid) != 0)
        {
            throw Error(Marshal.GetLastPInvokeError(), "lchown", destination);
        }

        if (!IsSymbolicLink(st))
        {
            Chmod(destination, st.Mode & 0xFFFu);
        }
    }

    /// <summary>Copies a regular file or symbolic link with its owner, mode and xattrs, replacing the destination.</summary>
    internal static void CopyFile(string source, in Interop.StatxBuffer st, string destination)
    {
        var directory = Path.GetDirectoryName(destination)!;
        var temp = Path.Combine(directory, $"{TempPrefix}{Path.GetFileName(destination)}-{Guid.NewGuid():N}");
        try
        {
            if (IsSymbolicLink(st))
            {
                File.CreateSymbolicLink(temp, ReadLink(source));
            }
            else
            {
                using (var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan))
                using (var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    input.CopyTo(output);
                }
            }

            CopyMetadata(source, st, temp);
            Rename(temp, destination);
        }
        catch
        {
            DeleteFileIfExists(temp);
            throw;
        }
    }

    /// <summary>Copies a directory tree (files, links, directories) with owners, modes and xattrs.</summary>
    /// <remarks>
    /// Into a directory this call creates, files are written in place rather than through a temporary name and a
    /// rename each: nothing reads a directory that is still being copied (every caller copies into a deployment or
    /// boot directory that is referenced only after the copy and a syncfs), and a crash part way leaves a partial
    /// directory either way. Data goes through <c>copy_file_range</c>, which shares extents where the filesystem can.
    /// </remarks>
    internal static void CopyDirectory(string source, string destination, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var st = Lstat(source);
        var created = false;
        if (!TryLstat(destination, out _))
        {
            MakeDirectory(destination, 0x1C0 /* 0700, as libostree; the real mode follows */);
            created = true;
        }

        CopyMetadata(source, st, destination);
        foreach (var child in Directory.EnumerateFileSystemEntries(source))
        {
            var name = Path.GetFileName(child);
            var target = Path.Combine(destination, name);
            var childSt = Lstat(child);
            if (IsDirectory(childSt))
            {
                CopyDirectory(child, target, cancellationToken);
            }
            else if (created && (IsRegular(childSt) || IsSymbolicLink(childSt)))
            {
                CopyFileInPlace(child, childSt, target);
            }
            else if (IsRegular(childSt) || IsSymbolicLink(childSt))
            {
                CopyFile(child, childSt, target);
            }
        }
    }

    /// <summary>Copies a regular file or symbolic link with its owner, mode and xattrs to a name that does not exist yet.</summary>
    private static void CopyFileInPlace(string source, in Interop.StatxBuffer st, string destination)
    {
        if (IsSymbolicLink(st))
        {
            File.CreateSymbolicLink(destination, ReadLink(source));
        }
        else
        {
            using var input = File.OpenHandle(source, FileMode.Open, FileAccess.Read, FileShare.Read);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 0 };
            if (!OperatingSystem.IsWindows())
            {
                // Created private: the final mode (of a shadow file, say) follows with the owner.
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using var output = new FileStream(destination, options);
            // To the source's end as it is now: a live /etc file may change while it is copied.
            FileData.Copy(input, output.SafeFileHandle, length: null, destination);
        }

        CopyMetadata(source, st, destination);
    }

    /// <summary>Copies every extended attribute of <paramref name="source"/> onto <paramref name="destination"/>.</summary>
    internal static unsafe void CopyExtendedAttributes(string source, string destination)
    {
        var sourceZ = NulTerminated(source);
        var destinationZ = NulTerminated(destination);
        fixed (byte* src = sourceZ)
        fixed (byte* dst = destinationZ)
        {
            var size = Interop.Llistxattr(src, null, 0);
            if (size < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno is EOPNOTSUPP)
                {
                    return;
                }

                throw Error(errno, "llistxattr", source);
            }

            if (size == 0)
            {
                return;
            }

            var names = new byte[size];
            fixed (byte* p = names)
            {
                size = Interop.Llistxattr(src, p, (nuint)names.Length);
            }

            if (size < 0)
            {
                throw Error(Marshal.GetLastPInvokeError(), "llistxattr", source);
            }

            foreach (var rawName in SplitNames(names, (int)size))
            {
                var nameZ = new byte[rawName.Length + 1];
                rawName.CopyTo(nameZ, 0);
                var value = GetExtendedAttribute(src, nameZ, source);
                if (value is null)
                {
                    continue;
                }

                fixed (byte* n = nameZ)
                fixed (byte* v = value)
                {
                    if (Interop.Lsetxattr(dst, n, v, (nuint)value.Length, 0) != 0)
                    {
                        var errno = Marshal.GetLastPInvokeError();
                        if (errno is EOPNOTSUPP)
                        {
                            continue;
                        }

                        throw Error(errno, $"lsetxattr({Encoding.UTF8.GetString(rawName)})", destination);
                    }
                }
            }
        }
    }

    private static unsafe byte[]? GetExtendedAttribute(byte* path, byte[] nameZ, string pathForErrors)
    {
        fixed (byte* name = nameZ)
        {
            while (true)
            {
                var size = Interop.Lgetxattr(path, name, null, 0);
                if (size < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno is ENODATA)
                    {
                        return null;
                    }

                    throw Error(errno, "lgetxattr", pathForErrors);
                }

                var value = new byte[size];
                fixed (byte* p = value)
                {
                    var read = Interop.Lgetxattr(path, name, p, (nuint)value.Length);
                    if (read >= 0)
                    {
                        return read == size ? value : value[..(int)read];
                    }

                    if (Marshal.GetLastPInvokeError() != ERANGE)
                    {
                        throw Error(Marshal.GetLastPInvokeError(), "lgetxattr", pathForErrors);
                    }
                }
            }
        }
    }

    private static byte[] NulTerminated(string path)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(path) + 1];
        Encoding.UTF8.GetBytes(path, bytes);
        return bytes;
    }

    private static List<byte[]> SplitNames(byte[] names, int length)
    {
        var result = new List<byte[]>();
        var start = 0;
        for (var i = 0; i < length; i++)
        {
            if (names[i] == 0)
            {
                if (i > start)
                {
                    result.Add(names[start..i]);
                }

                start = i + 1;
            }
        }

        return result;
    }

    /// <summary>Maps an errno to the exception .NET would raise for it, naming the call and the path.</summary>
    internal static Exception Error(int errno, string call, string path)
    {
        var message = $"{call}({path}): {Marshal.GetPInvokeErrorMessage(errno)}";
        return errno switch
        {
            ENOENT => new FileNotFoundException(message, path),
            EACCES or EPERM => new UnauthorizedAccessException(message),
            EEXIST => new IOException(message, errno),
            EOPNOTSUPP or ENOTTY => new NotSupportedException(message),
            _ => new IOException(message, errno),
        };
    }
}
