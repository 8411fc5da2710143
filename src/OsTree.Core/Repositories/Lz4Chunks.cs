using System.Buffers;
using System.Buffers.Binary;
using K4os.Compression.LZ4;

namespace OsTree.Repositories;

/// <summary>
/// The content format of <c>.filez</c> objects in <see cref="ArchiveCompression.Lz4"/> repositories: after the same
/// framed header as libostree's archive objects, the data as independent chunks of at most <see cref="ChunkSize"/>
/// bytes, each a little-endian <c>u32</c> (bit 31 set: stored as is; the rest: the payload length) followed by an LZ4
/// block. The header's size says how many bytes the chunks decode to.
/// </summary>
internal static class Lz4Chunks
{
    internal const int ChunkSize = 128 * 1024;

    internal const uint StoredFlag = 0x8000_0000;

    internal static readonly int MaxPayload = LZ4Codec.MaximumOutputSize(ChunkSize);

    /// <summary>Encodes one chunk (at most <see cref="ChunkSize"/> bytes) with its prefix into <paramref name="output"/>.</summary>
    internal static void WriteChunk(ReadOnlySpan<byte> chunk, Stream output, byte[] scratch)
    {
        var encoded = LZ4Codec.Encode(chunk, scratch.AsSpan(4, MaxPayload), LZ4Level.L00_FAST);
        if (encoded <= 0 || encoded >= chunk.Length)
        {
            // Incompressible: store it, so no chunk ever grows.
            BinaryPrimitives.WriteUInt32LittleEndian(scratch, StoredFlag | (uint)chunk.Length);
            chunk.CopyTo(scratch.AsSpan(4));
            output.Write(scratch, 0, 4 + chunk.Length);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(scratch, (uint)encoded);
            output.Write(scratch, 0, 4 + encoded);
        }
    }

    /// <summary>The scratch buffer <see cref="WriteChunk"/> needs (rent it from the pool).</summary>
    internal static int ScratchSize => 4 + Math.Max(MaxPayload, ChunkSize);

    /// <summary>Receives data of any size and writes it as chunks.</summary>
    internal sealed class Writer : IDisposable
    {
        private readonly Stream _output;
        private byte[]? _pending = ArrayPool<byte>.Shared.Rent(ChunkSize);
        private byte[]? _scratch = ArrayPool<byte>.Shared.Rent(ScratchSize);
        private int _filled;

        internal Writer(Stream output)
        {
            _output = output;
        }

        internal void Write(ReadOnlySpan<byte> data)
        {
            ObjectDisposedException.ThrowIf(_pending is null || _scratch is null, this);
            while (!data.IsEmpty)
            {
                var n = Math.Min(ChunkSize - _filled, data.Length);
                data[..n].CopyTo(_pending.AsSpan(_filled));
                _filled += n;
                data = data[n..];
                if (_filled == ChunkSize)
                {
                    WriteChunk(_pending.AsSpan(0, _filled), _output, _scratch);
                    _filled = 0;
                }
            }
        }

        internal void Finish()
        {
            ObjectDisposedException.ThrowIf(_pending is null || _scratch is null, this);
            if (_filled > 0)
            {
                WriteChunk(_pending.AsSpan(0, _filled), _output, _scratch);
                _filled = 0;
            }
        }

        public void Dispose()
        {
            if (_pending is { } pending)
            {
                _pending = null;
                ArrayPool<byte>.Shared.Return(pending);
            }

            if (_scratch is { } scratch)
            {
                _scratch = null;
                ArrayPool<byte>.Shared.Return(scratch);
            }
        }
    }

    /// <summary>Decodes chunks from a stream positioned after the header; malformed chunks raise <see cref="InvalidDataException"/>.</summary>
    internal sealed class ReadStream(Stream input, string path) : Stream
    {
        private byte[]? _decoded = ArrayPool<byte>.Shared.Rent(ChunkSize);
        private byte[]? _payload = ArrayPool<byte>.Shared.Rent(Math.Max(MaxPayload, ChunkSize));
        private int _offset;
        private int _length;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            ObjectDisposedException.ThrowIf(_decoded is null || _payload is null, this);
            if (buffer.IsEmpty)
            {
                return 0;
            }

            if (_offset == _length && !NextChunk())
            {
                return 0;
            }

            var n = Math.Min(buffer.Length, _length - _offset);
            _decoded.AsSpan(_offset, n).CopyTo(buffer);
            _offset += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                input.Dispose();
                if (_decoded is { } d)
                {
                    _decoded = null;
                    ArrayPool<byte>.Shared.Return(d);
                }

                if (_payload is { } p)
                {
                    _payload = null;
                    ArrayPool<byte>.Shared.Return(p);
                }
            }

            base.Dispose(disposing);
        }

        private bool NextChunk()
        {
            Span<byte> prefix = stackalloc byte[4];
            var got = input.ReadAtLeast(prefix, 4, throwOnEndOfStream: false);
            if (got == 0)
            {
                return false;
            }

            if (got < 4)
            {
                throw new InvalidDataException($"{path}: truncated LZ4 chunk prefix.");
            }

            var word = BinaryPrimitives.ReadUInt32LittleEndian(prefix);
            var stored = (word & StoredFlag) != 0;
            var length = (int)(word & ~StoredFlag);
            if (length == 0 || length > (stored ? ChunkSize : MaxPayload))
            {
                throw new InvalidDataException($"{path}: LZ4 chunk length {length} is out of range.");
            }

            var target = stored ? _decoded! : _payload!;
            if (input.ReadAtLeast(target.AsSpan(0, length), length, throwOnEndOfStream: false) < length)
            {
                throw new InvalidDataException($"{path}: truncated LZ4 chunk.");
            }

            if (stored)
            {
                _length = length;
            }
            else
            {
                _length = LZ4Codec.Decode(_payload.AsSpan(0, length), _decoded.AsSpan(0, ChunkSize));
                if (_length <= 0)
                {
                    throw new InvalidDataException($"{path}: malformed LZ4 chunk.");
                }
            }

            _offset = 0;
            return true;
        }
    }
}
