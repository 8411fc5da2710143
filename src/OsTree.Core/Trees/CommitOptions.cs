using OsTree.GVariant;
using OsTree.Objects;

namespace OsTree.Trees;

/// <summary>What to record in a commit besides the tree, mirroring <c>ostree commit</c>'s options.</summary>
public sealed record CommitOptions
{
    /// <summary>The ref to advance (<c>-b</c>); its current commit becomes the parent, and the commit is bound to it.</summary>
    public string? Branch { get; init; }

    /// <summary>The one-line subject (<c>-s</c>).</summary>
    public string Subject { get; init; } = string.Empty;

    /// <summary>The body (<c>--body</c>).</summary>
    public string Body { get; init; } = string.Empty;

    /// <summary>The commit time (<c>--timestamp</c>); the current time when unset.</summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>An explicit parent (<c>--parent</c>), overriding the branch's current commit.</summary>
    public Checksum? Parent { get; init; }

    /// <summary>No parent even if the branch exists (<c>--parent=none</c>).</summary>
    public bool Orphan { get; init; }

    /// <summary>Metadata, in the order given (<c>--add-metadata-string</c>, <c>--add-metadata</c>).</summary>
    public GVariantDictionary Metadata { get; init; } = GVariantDictionary.Empty;

    /// <summary>A <c>version</c> string, added after <see cref="Metadata"/> unless it already has one.</summary>
    public string? Version { get; init; }

    /// <summary>Do not add <c>ostree.ref-binding</c> (<c>--no-bindings</c>).</summary>
    public bool NoBindings { get; init; }

    /// <summary>Do not record xattrs (<c>--no-xattrs</c>).</summary>
    public bool NoXattrs { get; init; }

    /// <summary>Record this owner for every file and directory (<c>--owner-uid</c>).</summary>
    public uint? OwnerUid { get; init; }

    /// <summary>Record this group for every file and directory (<c>--owner-gid</c>).</summary>
    public uint? OwnerGid { get; init; }

    /// <summary>How many files to hash at once; the processor count when unset.</summary>
    public int? Parallelism { get; init; }
}
