namespace OsTree.Transport;

/// <summary>The limit refiners of the archive format.</summary>
internal static class FetchLimitRefiners
{
    /// <summary>How many leading bytes a refiner may ask for before it is given up on.</summary>
    internal const int MaxPrefix = 64 * 1024;

    /// <summary>
    /// A <c>.filez</c> is its framed header followed by raw deflate data of the declared size, which never takes more
    /// than the size plus zlib's per-block overhead (deflateBound); a body longer than that is not the object, however
    /// many bytes the server offers.
    /// </summary>
    internal static long? ArchiveContent(ReadOnlySpan<byte> prefix)
    {
        if (prefix.Length < 8)
        {
            return null;
        }

        var framed = 8L + System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(prefix);
        if (framed > MaxPrefix)
        {
            // Not a header libostree writes: let the body end here and the verifier say why.
            return MaxPrefix;
        }

        if (prefix.Length < framed)
        {
            return null;
        }

        try
        {
            Objects.FileHeader.ParseArchiveFramed(prefix[..(int)framed], out var size, out var headerLength);
            var bound = size > long.MaxValue / 2 ? long.MaxValue / 2 : (long)size;
            return headerLength + bound + (bound >> 10) + 1024;
        }
        catch (InvalidDataException)
        {
            return framed;
        }
    }
}
