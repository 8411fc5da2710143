namespace OsTree.Transport;

/// <summary>
/// Reads a stream through a caller's buffer (one per pull worker, so no object gets a fresh one), so that a header
/// can be looked at before the rest is handed on, and a decompressor's small reads do not each become a read of
/// the network.
/// </summary>
internal sealed class ReadAheadStream : Stream
{
    private readonly Stream _inner;
    private readonly byte[] _buffer;
    private int _start;
    private int _end;

    /// <summary>Reads <paramref name="inner"/> through <paramref name="buffer"/>.</summary>
    internal ReadAheadStream(Stream inner, byte[] buffer)
    {
        _inner = inner;
        _buffer = buffer;
    }

    /// <summary>The bytes read ahead and not yet consumed.</summary>
    internal ReadOnlySpan<byte> Buffered => _buffer.AsSpan(_start, _end - _start);

    /// <inheritdoc/>
    public override bool CanRead => true;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override bool CanWrite => false;

    /// <inheritdoc/>
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Reads until at least <paramref name="count"/> bytes are buffered or the stream ends.</summary>
    /// <returns>The number of bytes buffered, fewer than <paramref name="count"/> only at the end of the stream.</returns>
    internal async ValueTask<int> FillAsync(int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _buffer.Length);
        if (_end - _start >= count)
        {
            return _end - _start;
        }

        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        while (_end < count)
        {
            var n = await _inner.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            _end += n;
        }

        return _end;
    }

    /// <summary>Consumes buffered bytes.</summary>
    internal void Skip(int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _end - _start);
        _start += count;
    }

    /// <summary>Reads the stream to its end, discarding what is left.</summary>
    /// <returns>The number of bytes discarded.</returns>
    internal async ValueTask<long> DrainAsync(CancellationToken cancellationToken)
    {
        long discarded = _end - _start;
        _start = _end = 0;
        int n;
        while ((n = await _inner.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            discarded += n;
        }

        return discarded;
    }

    /// <inheritdoc/>
    public override async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        if (_start == _end)
        {
            if (destination.Length >= _buffer.Length)
            {
                return await _inner.ReadAsync(destination, cancellationToken).ConfigureAwait(false);
            }

            _start = 0;
            _end = await _inner.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
        }

        return Take(destination.Span);
    }

    /// <inheritdoc/>
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc/>
    public override int Read(Span<byte> destination)
    {
        if (_start == _end)
        {
            if (destination.Length >= _buffer.Length)
            {
                return _inner.Read(destination);
            }

            _start = 0;
            _end = _inner.Read(_buffer);
        }

        return Take(destination);
    }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc/>
    public override void Flush()
    {
    }

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Take(Span<byte> destination)
    {
        var n = Math.Min(destination.Length, _end - _start);
        _buffer.AsSpan(_start, n).CopyTo(destination);
        _start += n;
        return n;
    }
}
