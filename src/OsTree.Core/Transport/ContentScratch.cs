using System.Buffers;
using System.Security.Cryptography;
using OsTree.Objects;

namespace OsTree.Transport;

/// <summary>
/// What one pull worker reuses for every content object it streams: the read-ahead buffer, the buffer inflated data
/// goes through on its way to the file, and the hash. Objects of every size then cost no fresh memory, which on a
/// virtual machine is page faults, not just allocations.
/// </summary>
internal sealed class ContentScratch : IDisposable
{
    /// <summary>
    /// Inflated data is hashed and written in chunks of this size: small enough that the buffers of all workers stay
    /// out of the large object heap and are few pages to touch, large enough that a write covers most files whole.
    /// </summary>
    internal const int OutputSize = 64 * 1024;

    private bool _hashStarted;

    internal ContentScratch()
    {
        // The read-ahead buffer holds any header a valid object can have (FetchLimitRefiners caps the frame).
        Input = ArrayPool<byte>.Shared.Rent(FetchLimitRefiners.MaxPrefix);
        Output = ArrayPool<byte>.Shared.Rent(OutputSize);
        Hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    }

    /// <summary>The read-ahead buffer.</summary>
    internal byte[] Input { get; }

    /// <summary>The buffer inflated data is collected in.</summary>
    internal byte[] Output { get; }

    /// <summary>The content hash, fed by <see cref="StartHash"/>.</summary>
    internal IncrementalHash Hash { get; }

    /// <summary>Starts the content checksum of an object with <paramref name="header"/>, dropping whatever an
    /// abandoned object left in the hash.</summary>
    internal void StartHash(FileHeader header)
    {
        if (_hashStarted)
        {
            Span<byte> discard = stackalloc byte[Checksum.ByteLength];
            Hash.GetHashAndReset(discard);
        }

        _hashStarted = true;
        Hash.AppendData(header.SerializeFramed());
    }

    /// <summary>Finishes the content checksum started by <see cref="StartHash"/>.</summary>
    internal Checksum FinishHash()
    {
        _hashStarted = false;
        return FileHeader.FinishHash(Hash);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(Input);
        ArrayPool<byte>.Shared.Return(Output);
        Hash.Dispose();
    }
}
