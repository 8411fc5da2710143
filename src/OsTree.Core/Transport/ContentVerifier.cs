using System.Buffers;
using System.IO.Compression;
using OsTree.Objects;
using OsTree.Repositories;

namespace OsTree.Transport;

/// <summary>Recomputes the content checksum of objects received from elsewhere before anything stores them.</summary>
internal static class ContentVerifier
{
    private const int Chunk = 128 * 1024;

    /// <summary>
    /// Verifies an archive <c>.filez</c> object: parses its header, inflates the raw-deflate payload, checks that it is
    /// exactly as long as the header says, and recomputes the content checksum.
    /// </summary>
    /// <param name="expected">The object's name.</param>
    /// <param name="filez">The object's bytes; on success the result owns them.</param>
    /// <param name="compression">How the payload is compressed: libostree's raw deflate, or OsTree.NET's LZ4 chunks.</param>
    /// <param name="keepData">Whether to keep the inflated data (for a target that is not an archive repository).</param>
    /// <param name="spillDirectory">Where large inflated data may be kept in an unlinked file.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The verified object.</returns>
    /// <exception cref="PullException">The object is malformed or its checksum differs.</exception>
    internal static async Task<VerifiedContent> VerifyArchiveAsync(Checksum expected, FetchedBody filez, ArchiveCompression compression, bool keepData, string? spillDirectory, CancellationToken cancellationToken)
    {
        FileHeader header;
        ulong size;
        int headerLength;
        byte[]? prefix = null;
        try
        {
            if (filez.IsInMemory)
            {
                header = FileHeader.ParseArchiveFramed(filez.Memory.Span, out size, out headerLength);
            }
            else
            {
                // The header frame is at most 4 GiB in theory; in practice a few hundred bytes. Read enough of it.
                using var head = filez.OpenRead();
                var frame = new byte[8];
                head.ReadExactly(frame);
                var length = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(frame);
                if (length > FetchLimits.MaxMetadataSize || length + 8L > filez.Length)
                {
                    throw new InvalidDataException($"A content object's header length {length} is out of range.");
                }

                prefix = new byte[8 + length];
                frame.CopyTo(prefix, 0);
                head.ReadExactly(prefix.AsSpan(8));
                header = FileHeader.ParseArchiveFramed(prefix, out size, out headerLength);
            }
        }
        catch (InvalidDataException e)
        {
            throw new PullException($"Content object {expected} is malformed: {e.Message}", e);
        }

        using var hash = header.CreateContentHash();
        FetchedBody? data = keepData && header.IsRegularFile ? new FetchedBody(spillDirectory, (long)Math.Min(size, int.MaxValue)) : null;
        var buffer = ArrayPool<byte>.Shared.Rent(Chunk);
        try
        {
            ulong total = 0;
            using (var raw = filez.OpenRead())
            {
                raw.Position = headerLength;
                if (header.IsRegularFile)
                {
                    using Stream inflate = compression == ArchiveCompression.Lz4
                        ? new Lz4Chunks.ReadStream(raw, $"content object {expected}")
                        : new DeflateStream(raw, CompressionMode.Decompress, leaveOpen: true);
                    int n;
                    while ((n = await inflate.ReadAsync(buffer.AsMemory(0, Chunk), cancellationToken).ConfigureAwait(false)) > 0)
                    {
                        total += (ulong)n;
                        if (total > size)
                        {
                            throw new PullException($"Content object {expected} inflates to more than the {size} bytes its header declares.");
                        }

                        hash.AppendData(buffer, 0, n);
                        if (data is not null)
                        {
                            await data.AppendAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                        }
                    }
                }
                else if (raw.Length > headerLength)
                {
                    throw new PullException($"Content object {expected} is a symbolic link with data after its header.");
                }
            }

            if (total != size)
            {
                throw new PullException($"Content object {expected} inflates to {total} bytes, not the {size} its header declares.");
            }

            var actual = FileHeader.FinishHash(hash);
            if (actual != expected)
            {
                throw new PullException($"Corrupted content object {expected}: its content checksum is {actual}.");
            }

            var result = new VerifiedContent(expected, header, size, filez, data, compression);
            data = null;
            return result;
        }
        catch (InvalidDataException e)
        {
            throw new PullException($"Content object {expected} is malformed: {e.Message}", e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            data?.Dispose();
        }
    }

    /// <summary>Checks that a metadata object's bytes hash to its name.</summary>
    /// <exception cref="PullException">They do not.</exception>
    internal static void VerifyMetadata(Checksum expected, ObjectType type, ReadOnlySpan<byte> bytes)
    {
        var actual = Checksum.Compute(bytes);
        if (actual != expected)
        {
            throw new PullException($"Corrupted {ObjectTypeName(type)} object {expected}: its checksum is {actual}.");
        }
    }

    internal static string ObjectTypeName(ObjectType type) => type switch
    {
        ObjectType.File => "file",
        ObjectType.DirTree => "dirtree",
        ObjectType.DirMeta => "dirmeta",
        ObjectType.Commit => "commit",
        ObjectType.CommitMeta => "commitmeta",
        ObjectType.TombstoneCommit => "tombstone-commit",
        _ => type.ToString(),
    };
}
