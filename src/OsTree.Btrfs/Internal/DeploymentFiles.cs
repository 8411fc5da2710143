using System.Runtime.InteropServices;
using OsTree.Objects;
using static OsTree.Btrfs.Internal.Interop.Interop;

namespace OsTree.Btrfs.Internal;

/// <summary>
/// The few file operations the BTRFS deployment backend needs besides checkout: deleting a tree without following
/// symbolic links, clearing the immutable flag a snapshot inherits, and giving a subvolume's root directory the
/// owner, mode and xattrs of a commit's root.
/// </summary>
internal static class DeploymentFiles
{
    private const int EPERM = 1;
    private const int ENOTTY = 25;
    private const int EOPNOTSUPP = 95;

    /// <summary>Deletes a file, a symbolic link (never its target) or a directory tree; nothing when absent.</summary>
    public static void DeleteTree(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists && !Directory.Exists(path) && info.LinkTarget is null)
        {
            return;
        }

        // A symbolic link reports its target's Directory attribute too; ReparsePoint says it is a link to unlink.
        if ((info.Attributes & FileAttributes.ReparsePoint) == 0 && (info.Attributes & FileAttributes.Directory) != 0)
        {
            Directory.Delete(path, recursive: true);
        }
        else
        {
            File.Delete(path);
        }
    }

    /// <summary>Opens a directory (never through a final symbolic link) for <see cref="DeleteEntry"/>.</summary>
    public static Microsoft.Win32.SafeHandles.SafeFileHandle OpenDirectory(string directory)
    {
        var handle = Open(directory, ORdOnly | OCloexec | ODirectory | ONoFollow, 0);
        if (handle.IsInvalid)
        {
            handle.Dispose();
            IoErrors.ThrowLast("open", directory);
        }

        return handle;
    }

    /// <summary>
    /// Deletes the entry <paramref name="name"/> of an open directory like <see cref="DeleteTree"/>: one
    /// <c>unlinkat</c> for a file or symbolic link (what a tree update deletes nearly always), the recursive delete only
    /// for a directory; nothing when absent.
    /// </summary>
    public static void DeleteEntry(Microsoft.Win32.SafeHandles.SafeFileHandle directory, string directoryPath, string name)
    {
        if (Unlinkat(directory, name, 0) == 0)
        {
            return;
        }

        var errno = Marshal.GetLastPInvokeError();
        if (errno == Errno.ENOENT)
        {
            return;
        }

        // Linux says EISDIR for a directory (POSIX allows EPERM).
        if (errno is Errno.EISDIR or EPERM)
        {
            DeleteTree(Path.Combine(directoryPath, name));
            return;
        }

        IoErrors.Throw(errno, "unlinkat", Path.Combine(directoryPath, name));
    }

    /// <summary>Clears the immutable inode flag of a directory; filesystems or callers that cannot change it are ignored.</summary>
    public static void ClearImmutable(string directory)
    {
        using var handle = Open(directory, ORdOnly | OCloexec | ODirectory | ONoFollow, 0);
        if (handle.IsInvalid)
        {
            IoErrors.ThrowLast("open", directory);
        }

        var flags = 0;
        if (IoctlInodeFlags(handle, FsIocGetFlags, ref flags) != 0 || (flags & FsImmutableFlag) == 0)
        {
            return;
        }

        flags &= ~FsImmutableFlag;
        if (IoctlInodeFlags(handle, FsIocSetFlags, ref flags) != 0 && Marshal.GetLastPInvokeError() is not (EPERM or ENOTTY or EOPNOTSUPP))
        {
            IoErrors.ThrowLast("ioctl(FS_IOC_SETFLAGS)", directory);
        }
    }

    /// <summary>Owner (unless <paramref name="userMode"/>), xattrs (unless <paramref name="userMode"/>) and mode of a directory.</summary>
    public static unsafe void ApplyDirectoryMetadata(string directory, DirMeta meta, bool userMode)
    {
        if (!userMode)
        {
            foreach (var xattr in meta.Xattrs)
            {
                var name = new byte[xattr.NameBytes.Length + 1];
                xattr.NameBytes.Span.CopyTo(name);
                fixed (byte* n = name)
                fixed (byte* v = xattr.Value.Span)
                {
                    if (Lsetxattr(directory, n, v, (nuint)xattr.Value.Length, 0) != 0)
                    {
                        IoErrors.ThrowLast($"lsetxattr({xattr.Name})", directory);
                    }
                }
            }

            if (Lchown(directory, meta.Uid, meta.Gid) != 0)
            {
                IoErrors.ThrowLast("lchown", directory);
            }
        }

        // After chown, which clears setuid and setgid bits.
        if (Chmod(directory, meta.Mode & 0xFFF) != 0)
        {
            IoErrors.ThrowLast("chmod", directory);
        }
    }
}
