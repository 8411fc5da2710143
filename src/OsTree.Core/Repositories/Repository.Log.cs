using OsTree.Objects;

namespace OsTree.Repositories;

public sealed partial class Repository
{
    /// <summary>
    /// Walks a commit's history through its parents, newest first (<c>ostree log</c>). The walk ends at a commit
    /// without parent or whose parent is not in the repository (a shallow pull: "history beyond this commit not
    /// fetched"); a parent already seen ends it too, so a crafted loop cannot hang it.
    /// </summary>
    /// <param name="start">The newest commit.</param>
    /// <returns>The commits, starting with <paramref name="start"/>.</returns>
    /// <exception cref="ObjectNotFoundException"><paramref name="start"/> is missing.</exception>
    /// <exception cref="CorruptObjectException">A commit does not hash to its name.</exception>
    public IEnumerable<LogEntry> Log(Checksum start)
    {
        var seen = new HashSet<Checksum>();
        Checksum? current = start;
        var first = true;
        while (current is { } id && seen.Add(id))
        {
            Commit commit;
            if (first)
            {
                commit = ReadCommit(id);
                first = false;
            }
            else if (!TryReadCommit(id, out var parent))
            {
                yield break;
            }
            else
            {
                commit = parent;
            }

            yield return new LogEntry(id, commit);
            current = commit.Parent;
        }
    }
}
