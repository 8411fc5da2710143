using OsTree.Packaging.Internal;
using System.Buffers.Binary;

namespace OsTree.Packaging.Rpm.Internal;

/// <summary>
/// Reads the key/data pairs of a Berkeley DB hash file (rpm's <c>Packages</c>) page by page, in either byte order,
/// following overflow pages, the way rpm's read-only <c>bdb_ro</c> backend walks it: bucket by bucket through the
/// spares table, then along each bucket's chain of pages. No Berkeley DB library is involved.
/// </summary>
internal sealed class BerkeleyDbHashReader
{
    private const uint HashMagic = 0x00061561;
    private const uint HashMagicSwapped = 0x61150600;
    private const int PageHeaderSize = 26;
    private const byte TypeHashUnsorted = 2;
    private const byte TypeHashMeta = 8;
    private const byte TypeHash = 13;
    private const byte TypeOverflow = 7;
    private const byte ItemKeyData = 1;
    private const byte ItemOffPage = 3;

    private readonly Stream _file;
    private readonly string _display;
    private readonly bool _bigEndian;
    private readonly uint _pageSize;
    private readonly uint _lastPage;
    private readonly uint _maxBucket;
    private readonly uint[] _spares = new uint[32];
    private readonly byte[] _overflowPage;

    // Pages are read a window at a time: a listing visits every bucket page and then every overflow chain, mostly in
    // file order, and one read of 32 pages costs about what one read of a page does.
    private const int WindowBytes = 128 * 1024;
    private readonly byte[] _window;
    private long _windowStart = -1;
    private int _windowLength;

    /// <summary>Opens a Berkeley DB hash file.</summary>
    /// <param name="file">The file, seekable.</param>
    /// <param name="display">Its name in messages.</param>
    /// <param name="windowPages">How many pages one read fetches (tests use small windows to cross their edges).</param>
    public BerkeleyDbHashReader(Stream file, string display, int windowPages = 0)
    {
        _file = file;
        _display = display;
        var meta = new byte[512];
        if (!ReadAt(0, meta))
        {
            throw Corrupt("too short for a Berkeley DB meta page");
        }

        var magic = BinaryPrimitives.ReadUInt32LittleEndian(meta.AsSpan(12));
        if (magic == HashMagic)
        {
            _bigEndian = false;
        }
        else if (magic == HashMagicSwapped)
        {
            _bigEndian = true;
        }
        else
        {
            throw Corrupt($"not a Berkeley DB hash database (magic 0x{magic:x8})");
        }

        var version = U32(meta, 16);
        if (version is < 8 or > 10)
        {
            throw Corrupt($"unsupported hash version {version}");
        }

        _pageSize = U32(meta, 20);
        _lastPage = U32(meta, 32);
        _maxBucket = U32(meta, 72);
        for (var i = 0; i < 32; i++)
        {
            _spares[i] = U32(meta, 96 + (4 * i));
        }

        if (_pageSize is < 512 or > 65536 || (_pageSize & (_pageSize - 1)) != 0)
        {
            throw Corrupt($"bad page size {_pageSize}");
        }

        if (_maxBucket > _lastPage)
        {
            throw Corrupt($"max bucket {_maxBucket} exceeds the last page {_lastPage}");
        }

        _overflowPage = new byte[_pageSize];
        _window = new byte[(int)_pageSize * (windowPages > 0 ? windowPages : (int)Math.Clamp(_lastPage + 1, 1, WindowBytes / _pageSize))];
    }

    /// <summary>Whether the file is big-endian (written on s390x, ppc64 …).</summary>
    public bool IsBigEndian => _bigEndian;

    /// <summary>Reads a 4-byte key as the header instance number it is in rpm's Packages.</summary>
    public uint KeyToNumber(ReadOnlySpan<byte> key) => _bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(key) : BinaryPrimitives.ReadUInt32LittleEndian(key);

    /// <summary>
    /// Every key/data pair, bucket by bucket: the key, and where the data is (read it with <see cref="Read"/>), so that
    /// a caller can pick and order the items before any large value is copied.
    /// </summary>
    public IEnumerable<(byte[] Key, BerkeleyDbItem Value)> Enumerate(CancellationToken cancellationToken)
    {
        var page = new byte[_pageSize];
        var visited = new HashSet<uint>();
        for (uint bucket = 0; bucket <= _maxBucket; bucket++)
        {
            var pageNo = BucketToPage(bucket);
            while (pageNo != 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!visited.Add(pageNo))
                {
                    throw Corrupt($"page {pageNo} is reached twice (a cycle in the bucket chains)");
                }

                GetPage(pageNo, page);
                var type = page[25];
                if (type is not (TypeHashUnsorted or TypeHashMeta or TypeHash))
                {
                    throw Corrupt($"page {pageNo} of bucket {bucket} has type {type}, not a hash page");
                }

                var count = U16(page, 20);
                if (PageHeaderSize + (2 * count) > _pageSize)
                {
                    throw Corrupt($"page {pageNo} claims {count} items");
                }

                for (var idx = 0; idx + 1 < count; idx += 2)
                {
                    int koff = U16(page, PageHeaderSize + (2 * idx));
                    int voff = U16(page, PageHeaderSize + 2 + (2 * idx));
                    if (koff >= _pageSize || voff >= _pageSize)
                    {
                        throw Corrupt($"page {pageNo} item {idx} offset out of range");
                    }

                    var klen = (idx == 0 ? (int)_pageSize : U16(page, PageHeaderSize - 2 + (2 * idx))) - koff;
                    var vlen = koff - voff;
                    var key = Item(page, pageNo, koff, klen);
                    var value = Locate(page, pageNo, voff, vlen);
                    yield return (key, value);
                }

                pageNo = U32(page, 16);
            }
        }
    }

    private uint BucketToPage(uint bucket)
    {
        var i = 0;
        for (var b = bucket; b != 0; b >>= 1)
        {
            i++;
        }

        if (i >= _spares.Length)
        {
            throw Corrupt($"bucket {bucket} is beyond the spares table");
        }

        var page = (long)bucket + _spares[i];
        if (page <= 0 || page > _lastPage)
        {
            throw Corrupt($"bucket {bucket} maps to page {page}, outside 1..{_lastPage}");
        }

        return (uint)page;
    }

    /// <summary>
    /// Copies an item's data into <paramref name="buffer"/>, following its overflow chain, and returns the array that
    /// holds it as <c>[0..length]</c>: the buffer's, valid until the next read.
    /// </summary>
    public byte[] Read(BerkeleyDbItem item, BlobBuffer buffer, out int length)
    {
        if (item.Inline is { } inline)
        {
            length = inline.Length;
            return inline;
        }

        length = (int)item.Length;
        var target = buffer.Get(length);
        Overflow(item.Page, target.AsSpan(0, length));
        return target;
    }

    private byte[] Item(byte[] page, uint pageNo, int offset, int length)
    {
        var item = Locate(page, pageNo, offset, length);
        if (item.Inline is { } inline)
        {
            return inline;
        }

        var result = new byte[item.Length];
        Overflow(item.Page, result);
        return result;
    }

    private BerkeleyDbItem Locate(byte[] page, uint pageNo, int offset, int length)
    {
        if (length <= 0 || offset + length > _pageSize)
        {
            throw Corrupt($"page {pageNo}: item at {offset} with length {length} does not fit the page");
        }

        switch (page[offset])
        {
            case ItemKeyData:
                return new BerkeleyDbItem(page.AsSpan(offset + 1, length - 1).ToArray(), 0, 0);
            case ItemOffPage:
                if (length != 12)
                {
                    throw Corrupt($"page {pageNo}: off-page item at {offset} has length {length}, not 12");
                }

                var first = U32(page, offset + 4);
                var totalLength = U32(page, offset + 8);
                if (totalLength == 0 || totalLength > (long)_lastPage * _pageSize)
                {
                    throw Corrupt($"overflow item of {totalLength} bytes at page {first}");
                }

                return new BerkeleyDbItem(null, first, totalLength);
            default:
                throw Corrupt($"page {pageNo}: item at {offset} has type {page[offset]}");
        }
    }

    private void Overflow(uint pageNo, Span<byte> result)
    {
        var page = _overflowPage;
        var done = 0;
        var hops = 0u;
        while (done < result.Length)
        {
            if (++hops > _lastPage)
            {
                throw Corrupt("overflow chain longer than the file");
            }

            GetPage(pageNo, page);
            if (page[25] != TypeOverflow)
            {
                throw Corrupt($"page {pageNo} in an overflow chain has type {page[25]}");
            }

            int used = U16(page, 22);
            if (used + PageHeaderSize > _pageSize || used > result.Length - done)
            {
                throw Corrupt($"overflow page {pageNo} holds {used} bytes");
            }

            if (used == 0)
            {
                throw Corrupt($"overflow page {pageNo} is empty");
            }

            page.AsSpan(PageHeaderSize, used).CopyTo(result[done..]);
            done += used;
            pageNo = U32(page, 16);
        }
    }

    private void GetPage(uint pageNo, byte[] page)
    {
        if (pageNo == 0 || pageNo > _lastPage)
        {
            throw Corrupt($"page number {pageNo} outside 1..{_lastPage}");
        }

        if (!ReadPage((long)pageNo * _pageSize, page))
        {
            throw Corrupt($"page {pageNo} lies beyond the end of the file");
        }

        if (U32(page, 8) != pageNo)
        {
            throw Corrupt($"page {pageNo} says it is page {U32(page, 8)}");
        }
    }

    private bool ReadPage(long offset, byte[] page)
    {
        if (_windowStart < 0 || offset < _windowStart || offset + page.Length > _windowStart + _windowLength)
        {
            _windowStart = offset - (offset % _window.Length);
            _file.Position = _windowStart;
            _windowLength = _file.ReadAtLeast(_window, _window.Length, throwOnEndOfStream: false);
            if (offset + page.Length > _windowStart + _windowLength)
            {
                return false;
            }
        }

        _window.AsSpan((int)(offset - _windowStart), page.Length).CopyTo(page);
        return true;
    }

    private bool ReadAt(long offset, byte[] buffer)
    {
        _file.Position = offset;
        var done = 0;
        while (done < buffer.Length)
        {
            var n = _file.Read(buffer, done, buffer.Length - done);
            if (n == 0)
            {
                return false;
            }

            done += n;
        }

        return true;
    }

    private uint U32(byte[] b, int offset) => _bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(offset)) : BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(offset));

    private ushort U16(byte[] b, int offset) => _bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(offset)) : BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(offset));

    private InvalidDataException Corrupt(string detail) => PackageDataError.Create(_display, null, detail);
}
