using System.Net.Http;

namespace OsTree.Transport;

/// <summary>
/// The body of one fetched file as it arrives, read once from its start. Enforces the file's size limit (refined from
/// its first bytes), reports received bytes, and, for a network transfer, turns failures of the transfer (a reset
/// connection, no data within the idle timeout, a body shorter than its Content-Length) into
/// <see cref="TransientFetchException"/> so that the fetcher retries the whole file.
/// </summary>
internal sealed class BodyStream : Stream
{
    private readonly Stream _inner;
    private readonly PrefixLimiter _limiter;
    private readonly string? _path;
    private readonly Uri? _uri;
    private readonly Action<long>? _onBytes;
    private readonly CancellationTokenSource? _idle;
    private readonly TimeSpan _idleTimeout;
    private readonly CancellationToken _cancellation;

    /// <summary>Wraps a body.</summary>
    /// <param name="inner">The body as the transport gives it.</param>
    /// <param name="declaredLength">The length the server announced, if any (a shorter body is a transient failure of a
    /// network transfer), or a local file's size when it was opened.</param>
    /// <param name="limiter">The size limit, refined as the first bytes arrive.</param>
    /// <param name="path">The local file, for messages; null for a network transfer.</param>
    /// <param name="uri">The file's address, for messages and <see cref="PullException.Uri"/>; null for a local file.</param>
    /// <param name="onBytes">Called with the size of each chunk received.</param>
    /// <param name="idle">For a network transfer: cancelled when no data came for <paramref name="idleTimeout"/>, and
    /// linked to <paramref name="cancellation"/>; null for a local file, whose read errors are not transient.</param>
    /// <param name="idleTimeout">How long a read may wait for data.</param>
    /// <param name="cancellation">The caller's token: its cancellation is never mistaken for a stall.</param>
    internal BodyStream(Stream inner, long? declaredLength, PrefixLimiter limiter, string? path, Uri? uri, Action<long>? onBytes, CancellationTokenSource? idle, TimeSpan idleTimeout, CancellationToken cancellation)
    {
        _inner = inner;
        DeclaredLength = declaredLength;
        _limiter = limiter;
        _path = path;
        _uri = uri;
        _onBytes = onBytes;
        _idle = idle;
        _idleTimeout = idleTimeout;
        _cancellation = cancellation;
    }

    /// <summary>The length the server announced, if any.</summary>
    internal long? DeclaredLength { get; }

    /// <summary>The bytes received so far.</summary>
    internal long Received { get; private set; }

    /// <summary>The token reads of this body use: the caller's, and for a network transfer the idle timeout's.</summary>
    internal CancellationToken Token => _idle?.Token ?? _cancellation;

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

    /// <inheritdoc/>
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int n;
        try
        {
            _idle?.CancelAfter(_idleTimeout);
            n = await _inner.ReadAsync(buffer, Token).ConfigureAwait(false);
        }
        catch (Exception e) when (_idle is not null && !_cancellation.IsCancellationRequested && e is IOException or HttpRequestException or OperationCanceledException)
        {
            throw new TransientFetchException(e is OperationCanceledException ? $"no data for {_idleTimeout.TotalSeconds:0} s" : e.Message, null, e);
        }

        return Account(buffer.Span[..n]);
    }

    /// <inheritdoc/>
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc/>
    public override int Read(Span<byte> buffer)
    {
        int n;
        try
        {
            n = _inner.Read(buffer);
        }
        catch (Exception e) when (_idle is not null && !_cancellation.IsCancellationRequested && e is IOException or HttpRequestException)
        {
            throw new TransientFetchException(e.Message, null, e);
        }

        return Account(buffer[..n]);
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

    private int Account(ReadOnlySpan<byte> chunk)
    {
        if (chunk.IsEmpty)
        {
            // A local file that changed size meanwhile is judged by its verification, not retried.
            if (_idle is not null && DeclaredLength is { } length && Received != length)
            {
                throw new TransientFetchException($"the body ended after {Received} of {length} bytes");
            }

            return 0;
        }

        if (Received + chunk.Length > _limiter.Observe(chunk))
        {
            throw new PullException($"{(object?)_uri ?? _path} is larger than the {_limiter.Limit} bytes allowed for it.") { Uri = _uri };
        }

        Received += chunk.Length;
        _onBytes?.Invoke(chunk.Length);
        return chunk.Length;
    }
}
