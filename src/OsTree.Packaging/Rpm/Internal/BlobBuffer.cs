using System.Buffers;

namespace OsTree.Packaging.Rpm.Internal;

/// <summary>
/// One pooled array that holds each header blob in turn while it is parsed, so that reading a database of thousands
/// of headers allocates (and the kernel zeroes) a few pages instead of a copy of every blob.
/// </summary>
internal sealed class BlobBuffer : IDisposable
{
    private byte[] _array = ArrayPool<byte>.Shared.Rent(16 * 1024);

    /// <summary>An array of at least <paramref name="length"/> bytes; its earlier contents are not kept.</summary>
    public byte[] Get(int length)
    {
        if (_array.Length < length)
        {
            ArrayPool<byte>.Shared.Return(_array);
            _array = [];
            _array = ArrayPool<byte>.Shared.Rent(length);
        }

        return _array;
    }

    public void Dispose()
    {
        if (_array.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_array);
            _array = [];
        }
    }
}
