namespace OsTree.Transport;

/// <summary>Size limits on what a remote may send, so that a hostile or broken server cannot exhaust memory.</summary>
internal static class FetchLimits
{
    /// <summary>The largest metadata object (commit, dirtree, dirmeta, commitmeta) or summary: libostree's <c>OSTREE_MAX_METADATA_SIZE</c>, 128 MiB.</summary>
    internal const long MaxMetadataSize = 128L * 1024 * 1024;

    /// <summary>The largest ref file (64 hexadecimal characters and a newline are expected).</summary>
    internal const long MaxRefSize = 4096;

    /// <summary>The largest remote <c>config</c> keyfile.</summary>
    internal const long MaxConfigSize = 1024 * 1024;

    /// <summary>The largest <c>summary.sig</c>.</summary>
    internal const long MaxSummarySignatureSize = 16L * 1024 * 1024;

    /// <summary>The largest content object: effectively unlimited, the body is spilled to disk when large.</summary>
    internal const long MaxContentSize = long.MaxValue;
}
