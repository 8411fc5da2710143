using OsTree.Usage;

namespace OsTree.Processes;

/// <summary>
/// The inodes processes map, as a walk sees them: exact (device, inode) pairs, plus inode numbers whose device came
/// from maps and may differ from the one <c>stat</c> reports.
/// </summary>
internal sealed class InodeFilter(HashSet<InodeKey> exact, Dictionary<ulong, List<InodeKey>> byInode)
{
    public bool Contains(InodeKey walked) => exact.Contains(walked) || byInode.ContainsKey(walked.Inode);

    /// <summary>The mapping keys a walked inode stands for.</summary>
    public IEnumerable<InodeKey> MappedKeysFor(InodeKey walked)
    {
        if (exact.Contains(walked))
        {
            yield return walked;
        }

        if (byInode.TryGetValue(walked.Inode, out var keys))
        {
            foreach (var key in keys)
            {
                if (key != walked)
                {
                    yield return key;
                }
            }
        }
    }
}
