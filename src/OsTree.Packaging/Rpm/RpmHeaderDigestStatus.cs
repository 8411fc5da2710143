namespace OsTree.Packaging.Rpm;

/// <summary>The result of checking a header's digest over its immutable region.</summary>
public enum RpmHeaderDigestStatus
{
    /// <summary>SHA256HEADER (or, for packages built before rpm 4.14, SHA1HEADER) matches the immutable region.</summary>
    Verified,

    /// <summary>The recorded digest does not match: the header was altered after it was built.</summary>
    Mismatch,

    /// <summary>The header carries neither SHA256HEADER nor SHA1HEADER.</summary>
    NoDigest,

    /// <summary>The header has no immutable region (a legacy header), so nothing can be verified.</summary>
    NoRegion,
}
