using System.Runtime.InteropServices;
using OsTree.Internal.Interop;

namespace OsTree.Repositories;

/// <summary>
/// Raw deflate (no zlib header) through the system's zlib, as libostree compresses <c>.filez</c> content:
/// window bits -15, memory level 8, default strategy. .NET's own DeflateStream (zlib-ng) produces different,
/// equally valid bytes; archive objects must be byte-identical to libostree's, so this uses libz directly.
/// </summary>
internal sealed unsafe class RawDeflater : IDisposable
{
    private Interop.ZStream* _stream;

    internal RawDeflater(int level)
    {
        _stream = (Interop.ZStream*)NativeMemory.AllocZeroed((nuint)sizeof(Interop.ZStream));
        var rc = Interop.DeflateInit2(_stream, level, Interop.ZDeflated, -15, 8, Interop.ZDefaultStrategy, (byte*)Interop.ZlibVersion(), sizeof(Interop.ZStream));
        if (rc != Interop.ZOk)
        {
            NativeMemory.Free(_stream);
            _stream = null;
            throw new InvalidOperationException($"zlib deflateInit2 failed ({rc}).");
        }
    }

    /// <summary>Compresses <paramref name="input"/> into <paramref name="output"/>; the last call passes <paramref name="final"/>.</summary>
    internal void Compress(ReadOnlySpan<byte> input, bool final, Stream output, Span<byte> scratch)
    {
        ObjectDisposedException.ThrowIf(_stream is null, this);
        fixed (byte* inp = input)
        fixed (byte* outp = scratch)
        {
            _stream->NextIn = (nint)inp;
            _stream->AvailIn = (uint)input.Length;
            while (true)
            {
                _stream->NextOut = (nint)outp;
                _stream->AvailOut = (uint)scratch.Length;
                var rc = Interop.Deflate(_stream, final ? Interop.ZFinish : Interop.ZNoFlush);
                if (rc is not (Interop.ZOk or Interop.ZStreamEnd or Interop.ZBufError))
                {
                    throw new InvalidOperationException($"zlib deflate failed ({rc}).");
                }

                var produced = scratch.Length - (int)_stream->AvailOut;
                if (produced > 0)
                {
                    output.Write(scratch[..produced]);
                }

                if (final ? rc == Interop.ZStreamEnd : (_stream->AvailIn == 0 && _stream->AvailOut != 0))
                {
                    break;
                }
            }

            _stream->NextIn = 0;
            _stream->NextOut = 0;
        }
    }

    public void Dispose()
    {
        if (_stream is not null)
        {
            Interop.DeflateEnd(_stream);
            NativeMemory.Free(_stream);
            _stream = null;
        }
    }
}
