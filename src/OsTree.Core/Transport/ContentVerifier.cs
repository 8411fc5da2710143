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

            Check(expected, FileHeader.FinishHash(hash));

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

    /// <summary>
    /// Verifies a raw-deflate <c>.filez</c> object as its body arrives and stores it into <paramref name="target"/>
    /// without holding it whole: parses the header, inflates the data straight into the target's unnamed staging file
    /// while hashing it, checks the length the header declares, and publishes the object only when its checksum
    /// matches. On any failure the unnamed file is dropped: nothing unverified ever gets a name.
    /// </summary>
    /// <param name="expected">The object's name.</param>
    /// <param name="body">The object's bytes as they arrive (read once).</param>
    /// <param name="target">Where the verified object goes.</param>
    /// <param name="scratch">The worker's buffers and hash.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <exception cref="PullException">The object is malformed or its checksum differs.</exception>
    internal static async Task StoreArchiveAsync(Checksum expected, Stream body, IPullTarget target, ContentScratch scratch, CancellationToken cancellationToken)
    {
        var reader = new ReadAheadStream(body, scratch.Input);
        FileHeader header;
        ulong size;
        try
        {
            if (await reader.FillAsync(8, cancellationToken).ConfigureAwait(false) < 8)
            {
                throw new InvalidDataException("A content object is too short for its header frame.");
            }

            var framed = 8L + System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(reader.Buffered);
            if (framed > scratch.Input.Length)
            {
                throw new InvalidDataException($"A content object's header length {framed - 8} is out of range.");
            }

            await reader.FillAsync((int)framed, cancellationToken).ConfigureAwait(false);
            header = FileHeader.ParseArchiveFramed(reader.Buffered, out size, out var headerLength);
            reader.Skip(headerLength);
            if (size > long.MaxValue)
            {
                throw new InvalidDataException($"A content object declares an absurd size {size}.");
            }
        }
        catch (InvalidDataException e)
        {
            throw new PullException($"Content object {expected} is malformed: {e.Message}", e);
        }

        scratch.StartHash(header);
        if (!header.IsRegularFile)
        {
            if (await reader.DrainAsync(cancellationToken).ConfigureAwait(false) > 0)
            {
                throw new PullException($"Content object {expected} is a symbolic link with data after its header.");
            }

            Check(expected, scratch.FinishHash());
            using var link = new VerifiedContent(expected, header, 0, null, null);
            await target.StoreContentAsync(link, cancellationToken).ConfigureAwait(false);
            return;
        }

        using var writer = target.BeginContent(expected, header, (long)size);
        var output = scratch.Output;
        ulong total = 0;
        try
        {
            using var inflate = new DeflateStream(reader, CompressionMode.Decompress, leaveOpen: true);
            var filled = 0;
            while (true)
            {
                var n = await inflate.ReadAsync(output.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                total += (ulong)n;
                if (total > size)
                {
                    throw new PullException($"Content object {expected} inflates to more than the {size} bytes its header declares.");
                }

                filled += n;
                if (filled == output.Length || (n == 0 && filled > 0))
                {
                    // Collected into large chunks: one hash call and one write per ContentScratch.OutputSize, not per decompressor read.
                    scratch.Hash.AppendData(output, 0, filled);
                    writer.Write(output.AsSpan(0, filled));
                    filled = 0;
                }

                if (n == 0)
                {
                    break;
                }
            }
        }
        catch (InvalidDataException e)
        {
            throw new PullException($"Content object {expected} is malformed: {e.Message}", e);
        }

        if (total != size)
        {
            throw new PullException($"Content object {expected} inflates to {total} bytes, not the {size} its header declares.");
        }

        // Whatever follows the deflate stream is read too (the size limit bounds it), so that the connection is reused.
        await reader.DrainAsync(cancellationToken).ConfigureAwait(false);
        Check(expected, scratch.FinishHash());
        writer.Publish();
    }

    private static void Check(Checksum expected, Checksum actual)
    {
        if (actual != expected)
        {
            throw new PullException($"Corrupted content object {expected}: its content checksum is {actual}.");
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
