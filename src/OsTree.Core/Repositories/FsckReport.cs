using OsTree.Objects;

namespace OsTree.Repositories;

/// <summary>The outcome of <see cref="Repository.Fsck"/>.</summary>
/// <param name="Problems">Every bad or missing object.</param>
/// <param name="CommitsChecked">How many commits were verified.</param>
/// <param name="ObjectsChecked">How many distinct objects were re-hashed.</param>
/// <param name="PartialCommits">Commits marked partial (<c>state/&lt;c&gt;.commitpartial</c>), skipped as libostree does.</param>
public sealed record FsckReport(IReadOnlyList<FsckProblem> Problems, int CommitsChecked, int ObjectsChecked, IReadOnlyList<Checksum> PartialCommits)
{
    /// <summary>Whether no problem was found.</summary>
    public bool IsHealthy => Problems.Count == 0;
}
