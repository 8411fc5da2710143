using System.Buffers;

namespace OsTree.Transport;

/// <summary>
/// The body of one fetched file: in pooled memory while small, spilled to an unlinked temporary file when large,
/// so that many requests in flight never hold many large objects in memory.
/// </summary>
internal sealed class FetchedBody : IDisposable
{
    /// <summary>Bodies up to this size stay in memory.</summary>
    internal const int MemoryLimit = 8 * 1024 * 1024;

    private const int ReadChunk = 64 * 1024;

    private readonly string? _spillDirectory;
    private byte[]? _buffer;
    private FileStream? _file;

    internal FetchedBody(string? spillDirectory, long expectedLength)
    {
        _spillDirectory = spillDirectory;
        if (expectedLength > MemoryLimit && spillDirectory is not null)
        {
            _file = CreateSpillFile(spillDirectory);
        }
        else
        {
            _buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(expectedLength, 4096, MemoryLimit));
        }
    }

    /// <summary>The number of bytes held.</summary>
    internal long Length { get; private set; }

    /// <summary>Whether the body is in memory (then <see cref="Memory"/> is valid).</summary>
    internal bool IsInMemory => _file is null;

    /// <summary>The bytes, when <see cref="IsInMemory"/>.</summary>
    internal ReadOnlyMemory<byte> Memory => _buffer is null ? ReadOnlyMemory<byte>.Empty : _buffer.AsMemory(0, (int)Length);

    /// <summary>The path of the spill file (flushed), when the body is not in memory.</summary>
    internal string? SpillPath
    {
        get
        {
            _file?.Flush();
            return _file?.Name;
        }
    }

    /// <summary>Reads a whole body into memory, or into a spill file when it is large.</summary>
    /// <param name="body">The body, read to its end.</param>
    /// <param name="spillDirectory">Where a large body may be kept in an unlinked temporary file; null keeps it in memory.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    internal static async Task<FetchedBody> ReadAsync(BodyStream body, string? spillDirectory, CancellationToken cancellationToken)
    {
        var result = new FetchedBody(spillDirectory, body.DeclaredLength ?? 0);
        var buffer = ArrayPool<byte>.Shared.Rent(ReadChunk);
        try
        {
            int n;
            while ((n = await body.ReadAsync(buffer.AsMemory(0, ReadChunk), cancellationToken).ConfigureAwait(false)) > 0)
            {
                await result.AppendAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
            }

            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Appends bytes.</summary>
    internal async ValueTask AppendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (_file is null && _buffer is not null)
        {
            if (Length + data.Length <= _buffer.Length)
            {
                data.CopyTo(_buffer.AsMemory((int)Length));
                Length += data.Length;
                return;
            }

            if (Length + data.Length <= MemoryLimit || _spillDirectory is null)
            {
                var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min(Math.Max(_buffer.Length * 2L, Length + data.Length), Array.MaxLength));
                _buffer.AsSpan(0, (int)Length).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = bigger;
                data.CopyTo(_buffer.AsMemory((int)Length));
                Length += data.Length;
                return;
            }

            _file = CreateSpillFile(_spillDirectory);
            await _file.WriteAsync(_buffer.AsMemory(0, (int)Length), cancellationToken).ConfigureAwait(false);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }

        await _file!.WriteAsync(data, cancellationToken).ConfigureAwait(false);
        Length += data.Length;
    }

    /// <summary>A stream over the whole body from its start; the caller disposes it.</summary>
    internal Stream OpenRead()
    {
        if (_file is null)
        {
            return new MemoryStream(_buffer!, 0, (int)Length, writable: false);
        }

        _file.Flush();
        return new FileStream(_file.Name, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 81920);
    }

    /// <summary>A copy of the bytes (for a body known to be in memory and small).</summary>
    internal byte[] ToArray() => IsInMemory ? Memory.ToArray() : ReadAll();

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }

        _file?.Dispose();
        _file = null;
    }

    private byte[] ReadAll()
    {
        using var stream = OpenRead();
        var bytes = new byte[Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    private static FileStream CreateSpillFile(string directory)
        => new(Path.Combine(directory, $"fetch-{Guid.NewGuid():N}.tmp"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
}
