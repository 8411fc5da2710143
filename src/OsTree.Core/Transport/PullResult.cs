using OsTree.Objects;

namespace OsTree.Transport;

/// <summary>What a pull did.</summary>
public sealed class PullResult
{
    internal PullResult(IReadOnlyDictionary<string, Checksum> refs, IReadOnlyList<Checksum> commits, PullProgress statistics)
    {
        Refs = refs;
        Commits = commits;
        Statistics = statistics;
    }

    /// <summary>The refs written, by their name in this repository (<c>remote:ref</c>, or <c>ref</c> for a mirror or a
    /// local pull), with the commit each now names.</summary>
    public IReadOnlyDictionary<string, Checksum> Refs { get; }

    /// <summary>The commits pulled (one per requested ref or commit id).</summary>
    public IReadOnlyList<Checksum> Commits { get; }

    /// <summary>Objects and bytes transferred, and the time it took.</summary>
    public PullProgress Statistics { get; }
}
