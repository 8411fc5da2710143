using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;
using OsTree.Internal.Interop;
using OsTree.Objects;

namespace OsTree.Repositories;

/// <summary>The few path- and descriptor-based syscalls the object stores and the committer need, errno mapped.</summary>
internal static unsafe class PosixFile
{
    private const int MaxXattrListSize = 64 * 1024;
    private const int MaxXattrValueSize = 64 * 1024;

    // AT_FDCWD as a handle, for the *at calls that take one; never closed.
    internal static readonly SafeFileHandle CurrentDirectory = new(Interop.AtFdCwd, ownsHandle: false);

    internal static byte[] ToNative(string path)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(path) + 1];
        Encoding.UTF8.GetBytes(path, bytes);
        return bytes;
    }

    internal static bool TryLstat(string path, out Interop.StatxBuffer st)
    {
        if (Interop.Statx(Interop.AtFdCwd, path, Interop.AtSymlinkNoFollow, Interop.StatxBasicStats, out st) == 0)
        {
            return true;
        }

        var error = Interop.LastError();
        if (error is Interop.Error.ENOENT or Interop.Error.ENOTDIR)
        {
            return false;
        }

        Interop.ThrowForError(error, "statx", path);
        return false;
    }

    internal static Interop.StatxBuffer Lstat(string path)
    {
        if (Interop.Statx(Interop.AtFdCwd, path, Interop.AtSymlinkNoFollow, Interop.StatxBasicStats, out var st) != 0)
        {
            Interop.ThrowForLastError("statx", path);
        }

        return st;
    }

    internal static bool Exists(string path) => TryLstat(path, out _);

    /// <summary>Whether <paramref name="name"/> (NUL-terminated, relative to <paramref name="directory"/>) exists, as lstat sees it.</summary>
    internal static bool ExistsAt(SafeHandle directory, ReadOnlySpan<byte> name)
    {
        fixed (byte* p = name)
        {
            return Interop.Statx(directory, p, Interop.AtSymlinkNoFollow, Interop.StatxType, out _) == 0;
        }
    }

    /// <summary>All xattrs of a path (not following a final symbolic link), sorted by name as libostree sorts them.</summary>
    internal static IReadOnlyList<Xattr> ReadXattrs(string path)
    {
        var native = ToNative(path);
        fixed (byte* p = native)
        {
            var size = Interop.Llistxattr(p, null, 0);
            if (size < 0)
            {
                var error = Interop.LastError();
                if (error is Interop.Error.EOPNOTSUPP)
                {
                    return [];
                }

                Interop.ThrowForError(error, "llistxattr", path);
            }

            if (size == 0)
            {
                return [];
            }

            var list = ArrayPool<byte>.Shared.Rent(MaxXattrListSize);
            try
            {
                fixed (byte* l = list)
                {
                    size = Interop.Llistxattr(p, l, (nuint)list.Length);
                    if (size < 0)
                    {
                        Interop.ThrowForLastError("llistxattr", path);
                    }

                    var result = new List<Xattr>();
                    var names = list.AsSpan(0, (int)size);
                    while (!names.IsEmpty)
                    {
                        var end = names.IndexOf((byte)0);
                        if (end <= 0)
                        {
                            break;
                        }

                        var value = GetXattrCore(p, l + (size - names.Length), path);
                        if (value is not null)
                        {
                            result.Add(new Xattr(names[..end], value));
                        }

                        names = names[(end + 1)..];
                    }

                    return Xattr.Sort(result);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(list);
            }
        }
    }

    /// <summary>One xattr of a path (not following a final symbolic link), or <see langword="null"/> when absent.</summary>
    internal static byte[]? GetXattr(string path, string name)
    {
        var nativePath = ToNative(path);
        var nativeName = ToNative(name);
        fixed (byte* p = nativePath)
        fixed (byte* n = nativeName)
        {
            return GetXattrCore(p, n, path);
        }
    }

    private static byte[]? GetXattrCore(byte* path, byte* name, string displayPath)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(MaxXattrValueSize);
        try
        {
            fixed (byte* v = buffer)
            {
                var size = Interop.Lgetxattr(path, name, v, (nuint)buffer.Length);
                if (size < 0)
                {
                    var error = Interop.LastError();
                    if (error is Interop.Error.ENODATA)
                    {
                        return null;
                    }

                    Interop.ThrowForError(error, "lgetxattr", displayPath);
                }

                return buffer.AsSpan(0, (int)size).ToArray();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    internal static void SetXattr(SafeHandle fd, ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, string path)
    {
        Span<byte> nameZ = stackalloc byte[name.Length + 1];
        name.CopyTo(nameZ);
        nameZ[^1] = 0;
        fixed (byte* n = nameZ)
        fixed (byte* v = value)
        {
            Interop.CheckIo(Interop.Fsetxattr(fd, n, v, (nuint)value.Length, 0), "fsetxattr", path);
        }
    }

    internal static void SetSymlinkXattr(string path, ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        Span<byte> nameZ = stackalloc byte[name.Length + 1];
        name.CopyTo(nameZ);
        nameZ[^1] = 0;
        var native = ToNative(path);
        fixed (byte* p = native)
        fixed (byte* n = nameZ)
        fixed (byte* v = value)
        {
            Interop.CheckIo(Interop.Lsetxattr(p, n, v, (nuint)value.Length, 0), "lsetxattr", path);
        }
    }

    internal static void SetSymlinkOwner(string path, uint uid, uint gid)
    {
        var native = ToNative(path);
        fixed (byte* p = native)
        {
            Interop.CheckIo(Interop.FchownAt(CurrentDirectory, p, uid, gid, Interop.AtSymlinkNoFollow), "lchown", path);
        }
    }

    /// <summary>
    /// Writes all of <paramref name="data"/> at <paramref name="offset"/> with pwrite(2) directly: RandomAccess.Write on
    /// a handle made from a raw descriptor first asks the kernel whether the file is seekable (an lseek per file).
    /// </summary>
    internal static void WriteAt(SafeHandle fd, ReadOnlySpan<byte> data, long offset, string path)
    {
        fixed (byte* p = data)
        {
            var done = 0;
            while (done < data.Length)
            {
                var n = Interop.PWrite(fd, p + done, (nuint)(data.Length - done), offset + done);
                if (n < 0)
                {
                    var error = Interop.LastError();
                    if (error == Interop.Error.EINTR)
                    {
                        continue;
                    }

                    Interop.ThrowForError(error, "pwrite", path);
                }
                else if (n == 0)
                {
                    throw new IOException($"pwrite: {path}: nothing written.");
                }

                done += (int)n;
            }
        }
    }

    internal static void SetOwner(SafeHandle fd, uint uid, uint gid, string path)
        => Interop.CheckIo(Interop.Fchown(fd, uid, gid), "fchown", path);

    internal static void SetMode(SafeHandle fd, uint mode, string path)
        => Interop.CheckIo(Interop.Fchmod(fd, mode & 0xFFF), "fchmod", path);

    internal static void SetMtimeZero(SafeHandle fd, string path)
    {
        var times = stackalloc Interop.TimeSpec[2];
        times[0] = new Interop.TimeSpec { Seconds = 0, Nanoseconds = Interop.UtimeOmit };
        times[1] = new Interop.TimeSpec { Seconds = 0, Nanoseconds = 0 };
        Interop.CheckIo(Interop.Futimens(fd, times), "futimens", path);
    }

    internal static SafeFileHandle OpenDirectory(string path)
    {
        var fd = Interop.OpenAt(Interop.AtFdCwd, path, Interop.ORdOnly | Interop.ODirectory | Interop.OCloExec, 0);
        if (fd < 0)
        {
            Interop.ThrowForLastError("open", path);
        }

        return new SafeFileHandle(fd, ownsHandle: true);
    }

    internal static void FsyncDirectory(string path)
    {
        using var fd = OpenDirectory(path);
        Interop.CheckIo(Interop.Fsync(fd), "fsync", path);
    }

    internal static void Fsync(SafeHandle fd, string path) => Interop.CheckIo(Interop.Fsync(fd), "fsync", path);

    internal static void SyncFilesystem(string path)
    {
        using var fd = OpenDirectory(path);
        Interop.CheckIo(Interop.Syncfs(fd), "syncfs", path);
    }

    /// <summary>rename(2) that keeps an existing destination; returns false when it already existed.</summary>
    internal static bool RenameNoReplace(string from, string to)
    {
        var f = ToNative(from);
        var t = ToNative(to);
        fixed (byte* pf = f)
        fixed (byte* pt = t)
        {
            if (Interop.RenameAt2(CurrentDirectory, pf, CurrentDirectory, pt, Interop.RenameNoReplace) == 0)
            {
                return true;
            }

            var error = Interop.LastError();
            if (error == Interop.Error.EEXIST)
            {
                return false;
            }

            Interop.ThrowForError(error, "renameat2", to);
            return false;
        }
    }

    /// <summary>The kernel's boot id, which libostree puts in staging directory names.</summary>
    internal static string BootId()
    {
        try
        {
            return File.ReadAllText("/proc/sys/kernel/random/boot_id").Trim();
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
