namespace OsTree.Transport;

/// <summary>
/// Given the first bytes of a body being fetched, returns a tighter size limit once they tell one (a <c>.filez</c>
/// header declares its uncompressed size), or null while more bytes are needed.
/// </summary>
/// <param name="prefix">The body's first bytes (at most <see cref="FetchLimitRefiners.MaxPrefix"/>).</param>
/// <returns>The limit, or null.</returns>
internal delegate long? FetchLimitRefiner(ReadOnlySpan<byte> prefix);
