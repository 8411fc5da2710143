namespace OsTree.Repositories;

/// <summary>How an archive repository compresses its content objects (<c>.filez</c>).</summary>
public enum ArchiveCompression
{
    /// <summary>Raw deflate, byte-identical to libostree (<c>mode=archive-z2</c>). The default.</summary>
    Deflate,

    /// <summary>
    /// LZ4 blocks, an OsTree.NET extension for repositories where unpack speed matters more than compatibility:
    /// the config says <c>mode=archive-lz4</c>, which libostree refuses to open ("Invalid mode") instead of
    /// misreading the objects.
    /// </summary>
    Lz4,
}
