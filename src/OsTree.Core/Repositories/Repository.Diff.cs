using OsTree.Objects;
using OsTree.Trees;

namespace OsTree.Repositories;

public sealed partial class Repository
{
    /// <summary>The paths added, removed and modified between two commits (<c>ostree diff</c>); see <see cref="TreeDiff"/>.</summary>
    /// <param name="from">The old commit.</param>
    /// <param name="to">The new commit.</param>
    /// <returns>The differences.</returns>
    /// <exception cref="ObjectNotFoundException">A commit or tree object is missing.</exception>
    public TreeDiff Diff(Checksum from, Checksum to) => TreeDiff.Compute(this, from, to);
}
