using System.IO.Compression;
using System.Text;
using Microsoft.Win32.SafeHandles;
using OsTree.Objects;

namespace OsTree.Repositories;

/// <summary>
/// How one repository mode lays a content object out on disk, byte for byte as libostree does. A store keeps
/// bytes only: the caller computes and verifies checksums.
/// </summary>
internal abstract class ContentStore
{
    internal const string BareUserMetadataXattr = "user.ostreemeta";
    private static readonly byte[] s_bareUserMetadataName = Encoding.ASCII.GetBytes(BareUserMetadataXattr);

    internal static ContentStore For(RepositoryMode mode, int compressionLevel, ArchiveCompression compression) => mode switch
    {
        RepositoryMode.Archive => new ArchiveStore(compressionLevel, compression),
        RepositoryMode.Bare => new BareStore(),
        RepositoryMode.BareUser => new BareUserStore(),
        _ => new BareUserOnlyStore(),
    };

    /// <summary>Checks that a header can be stored in this mode (libostree refuses some in bare-user-only).</summary>
    internal virtual void Validate(FileHeader header, Checksum checksum)
    {
    }

    /// <summary>
    /// Whether a symbolic link's object is a regular file here (archive, bare-user), written through
    /// <see cref="WriteSymbolicLink"/>, rather than a symbolic link made by <see cref="CreateSymbolicLink"/>.
    /// </summary>
    internal virtual bool StoresSymbolicLinksAsFiles => false;

    /// <summary>
    /// Starts a regular file's object in the empty, open <paramref name="file"/>; write the data, then complete it.
    /// The sink never closes <paramref name="file"/>: the caller names and closes it.
    /// </summary>
    /// <param name="file">The empty file the object is written into.</param>
    /// <param name="path">The object's path, for error messages.</param>
    /// <param name="header">The object's metadata.</param>
    /// <param name="size">The number of data bytes that will be written.</param>
    internal abstract ContentSink CreateRegular(SafeFileHandle file, string path, FileHeader header, long size);

    /// <summary>Writes a symbolic link's object into the empty, open <paramref name="file"/> (when <see cref="StoresSymbolicLinksAsFiles"/>).</summary>
    internal virtual void WriteSymbolicLink(SafeFileHandle file, string path, FileHeader header) => throw new NotSupportedException();

    /// <summary>Creates a symbolic link's object at <paramref name="path"/> (unless <see cref="StoresSymbolicLinksAsFiles"/>).</summary>
    internal virtual void CreateSymbolicLink(string path, FileHeader header) => throw new NotSupportedException();

    /// <summary>Opens the object at <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">There is no such object.</exception>
    /// <exception cref="InvalidDataException">The object cannot be read as content.</exception>
    internal abstract ContentObject Open(string path);

    private static FileStream OpenRead(string path)
        => new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);

    private static void RequireRegular(uint mode, string path)
    {
        if (!StatMode.IsRegular(mode) || !StatMode.HasOnlyKnownBits(mode))
        {
            throw new InvalidDataException($"{path}: not a regular file or symbolic link (mode 0{Convert.ToString(mode, 8)}).");
        }
    }

    /// <summary>Receives a regular file's data, then applies the metadata its mode stores.</summary>
    internal abstract class ContentSink : IDisposable
    {
        internal abstract void Write(ReadOnlySpan<byte> data);

        internal abstract void Complete();

        public abstract void Dispose();
    }

    /// <summary>Writes the data into a plain file, then applies owner/mode/xattrs/mtime as the mode wants.</summary>
    private sealed class PlainSink(string path, SafeFileHandle handle, Action<SafeFileHandle, string> finish) : ContentSink
    {
        private long _offset;

        internal override void Write(ReadOnlySpan<byte> data)
        {
            PosixFile.WriteAt(handle, data, _offset, path);
            _offset += data.Length;
        }

        internal override void Complete() => finish(handle, path);

        public override void Dispose()
        {
        }
    }

    private sealed class ArchiveStore(int level, ArchiveCompression compression) : ContentStore
    {
        internal override bool StoresSymbolicLinksAsFiles => true;

        internal override ContentSink CreateRegular(SafeFileHandle file, string path, FileHeader header, long size)
        {
            // A stream over a handle it does not own: disposing the stream flushes it but leaves the file open for
            // the caller to name.
            var stream = new FileStream(new SafeFileHandle(file.DangerousGetHandle(), ownsHandle: false), FileAccess.Write, 64 * 1024);
            try
            {
                stream.Write(header.SerializeArchiveFramed((ulong)size));
                return compression == ArchiveCompression.Lz4
                    ? new Lz4Sink(stream)
                    : new ArchiveSink(stream, new RawDeflater(level));
            }
            catch
            {
                stream.Dispose();
                throw;
            }
        }

        internal override void WriteSymbolicLink(SafeFileHandle file, string path, FileHeader header)
            => RandomAccess.Write(file, header.SerializeArchiveFramed(0), 0);

        internal override ContentObject Open(string path)
        {
            var stream = OpenRead(path);
            try
            {
                // The framed header is small; read its length first, then exactly the header.
                Span<byte> prefix = stackalloc byte[8];
                stream.ReadExactly(prefix);
                var length = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(prefix);
                if (length > Repository.MaxMetadataSize)
                {
                    throw new InvalidDataException($"{path}: header length {length} is absurd.");
                }

                var framed = new byte[8 + length];
                prefix.CopyTo(framed);
                try
                {
                    stream.ReadExactly(framed.AsSpan(8));
                }
                catch (EndOfStreamException e)
                {
                    throw new InvalidDataException($"{path}: truncated header.", e);
                }

                var header = FileHeader.ParseArchiveFramed(framed, out var size, out _);
                if (size > long.MaxValue)
                {
                    throw new InvalidDataException($"{path}: absurd size {size}.");
                }

                Stream data = header.IsSymbolicLink ? Stream.Null
                    : new LengthLimitedStream(
                        compression == ArchiveCompression.Lz4 ? new Lz4Chunks.ReadStream(stream, path) : new DeflateStream(stream, CompressionMode.Decompress),
                        (long)size,
                        path);
                if (header.IsSymbolicLink)
                {
                    stream.Dispose();
                }

                return new ContentObject(header, data, (long)size, path);
            }
            catch
            {
                stream.Dispose();
                throw;
            }
        }

        private sealed class Lz4Sink(FileStream stream) : ContentSink
        {
            private readonly Lz4Chunks.Writer _writer = new(stream);
            private bool _disposed;

            internal override void Write(ReadOnlySpan<byte> data) => _writer.Write(data);

            internal override void Complete()
            {
                _writer.Finish();
                stream.Flush();
                Dispose();
            }

            public override void Dispose()
            {
                if (_disposed)
                {
                    return;
                }

                _disposed = true;
                _writer.Dispose();
                stream.Dispose();
            }
        }

        private sealed class ArchiveSink(FileStream stream, RawDeflater deflater) : ContentSink
        {
            private byte[]? _scratch = System.Buffers.ArrayPool<byte>.Shared.Rent(64 * 1024);

            internal override void Write(ReadOnlySpan<byte> data)
            {
                ObjectDisposedException.ThrowIf(_scratch is null, this);
                deflater.Compress(data, final: false, stream, _scratch);
            }

            internal override void Complete()
            {
                ObjectDisposedException.ThrowIf(_scratch is null, this);
                deflater.Compress([], final: true, stream, _scratch);
                stream.Flush();
                Dispose();
            }

            public override void Dispose()
            {
                deflater.Dispose();
                stream.Dispose();
                // Idempotent: Complete disposes, and so does the caller's using.
                if (_scratch is { } scratch)
                {
                    _scratch = null;
                    System.Buffers.ArrayPool<byte>.Shared.Return(scratch);
                }
            }
        }
    }

    private sealed class BareStore : ContentStore
    {
        internal override ContentSink CreateRegular(SafeFileHandle file, string path, FileHeader header, long size)
            => new PlainSink(path, file, (handle, p) =>
            {
                PosixFile.SetOwner(handle, header.Uid, header.Gid, p);
                PosixFile.SetMode(handle, header.Mode, p);
                foreach (var x in header.Xattrs)
                {
                    PosixFile.SetXattr(handle, x.NameSpan, x.ValueSpan, p);
                }

                PosixFile.SetMtimeZero(handle, p);
            });

        internal override void CreateSymbolicLink(string path, FileHeader header)
        {
            File.CreateSymbolicLink(path, header.SymbolicLinkTarget);
            PosixFile.SetSymlinkOwner(path, header.Uid, header.Gid);
            foreach (var x in header.Xattrs)
            {
                PosixFile.SetSymlinkXattr(path, x.NameSpan, x.ValueSpan);
            }
        }

        internal override ContentObject Open(string path)
        {
            var st = PosixFile.Lstat(path);
            var xattrs = PosixFile.ReadXattrs(path);
            if (StatMode.IsSymbolicLink(st.Mode))
            {
                var target = new FileInfo(path).LinkTarget ?? string.Empty;
                return new ContentObject(new FileHeader(st.Uid, st.Gid, st.Mode, target, xattrs), Stream.Null, 0, path);
            }

            RequireRegular(st.Mode, path);
            var stream = OpenRead(path);
            return new ContentObject(new FileHeader(st.Uid, st.Gid, st.Mode, string.Empty, xattrs), stream, stream.Length, path);
        }
    }

    private sealed class BareUserStore : ContentStore
    {
        internal override bool StoresSymbolicLinksAsFiles => true;

        internal override ContentSink CreateRegular(SafeFileHandle file, string path, FileHeader header, long size)
            => new PlainSink(path, file, (handle, p) => Finish(handle, p, header, (header.Mode & 0x1FD) | 0x100));

        internal override void WriteSymbolicLink(SafeFileHandle file, string path, FileHeader header)
        {
            // Stored as a regular file holding the target and a NUL; the xattr records the link's true mode.
            PosixFile.WriteAt(file, PosixFile.ToNative(header.SymbolicLinkTarget), 0, path);
            Finish(file, path, header, 0x1A4);
        }

        private static void Finish(SafeFileHandle handle, string path, FileHeader header, uint mode)
        {
            PosixFile.SetXattr(handle, s_bareUserMetadataName, header.SerializeBareUserMetadata(), path);
            PosixFile.SetMode(handle, mode, path);
            PosixFile.SetMtimeZero(handle, path);
        }

        internal override ContentObject Open(string path)
        {
            var metadata = PosixFile.GetXattr(path, BareUserMetadataXattr)
                ?? throw new InvalidDataException($"{path}: no {BareUserMetadataXattr} xattr.");
            var stream = OpenRead(path);
            try
            {
                FileHeader header;
                if ((metadata.Length >= 12 ? System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(metadata.AsSpan(8)) & StatMode.TypeMask : 0) == StatMode.SymbolicLink)
                {
                    if (stream.Length > 4096)
                    {
                        throw new InvalidDataException($"{path}: a symbolic link target longer than 4096 bytes.");
                    }

                    var bytes = new byte[stream.Length];
                    stream.ReadExactly(bytes);
                    var target = bytes.AsSpan();
                    if (target.Length > 0 && target[^1] == 0)
                    {
                        target = target[..^1];
                    }

                    header = FileHeader.ParseBareUserMetadata(metadata, GVariant.GVariantReader.DecodeUtf8(target));
                    stream.Dispose();
                    return new ContentObject(header, Stream.Null, 0, path);
                }

                header = FileHeader.ParseBareUserMetadata(metadata, string.Empty);
                return new ContentObject(header, stream, stream.Length, path);
            }
            catch
            {
                stream.Dispose();
                throw;
            }
        }
    }

    private sealed class BareUserOnlyStore : ContentStore
    {
        internal override void Validate(FileHeader header, Checksum checksum)
        {
            var invalid = header.Mode & ~StatMode.TypeMask & ~0x1FDu;
            if (header.IsRegularFile && invalid != 0)
            {
                throw new InvalidDataException(
                    $"Content object {checksum}: invalid mode 0{Convert.ToString(header.Mode, 8)} with bits 0{Convert.ToString(invalid, 8)} for a bare-user-only repository.");
            }
        }

        internal override ContentSink CreateRegular(SafeFileHandle file, string path, FileHeader header, long size)
            => new PlainSink(path, file, (handle, p) =>
            {
                PosixFile.SetMode(handle, header.Mode & 0x1FD, p);
                PosixFile.SetMtimeZero(handle, p);
            });

        internal override void CreateSymbolicLink(string path, FileHeader header) => File.CreateSymbolicLink(path, header.SymbolicLinkTarget);

        internal override ContentObject Open(string path)
        {
            var st = PosixFile.Lstat(path);
            if (StatMode.IsSymbolicLink(st.Mode))
            {
                return new ContentObject(FileHeader.ForSymbolicLink(0, 0, new FileInfo(path).LinkTarget ?? string.Empty), Stream.Null, 0, path);
            }

            RequireRegular(st.Mode, path);
            var stream = OpenRead(path);
            return new ContentObject(new FileHeader(0, 0, st.Mode, string.Empty), stream, stream.Length, path);
        }
    }
}
