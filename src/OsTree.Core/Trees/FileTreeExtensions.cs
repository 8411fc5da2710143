using System.Diagnostics.CodeAnalysis;

namespace OsTree.Trees;

/// <summary>Path resolution inside an <see cref="IFileTree"/>, confined to the tree.</summary>
public static class FileTreeExtensions
{
    // Linux's own limit on symbolic links followed in one lookup.
    private const int MaxSymbolicLinkHops = 40;

    /// <summary>
    /// Resolves every symbolic link in <paramref name="path"/> inside the tree: absolute targets are re-rooted at the
    /// tree's root and <c>..</c> never climbs above it, so a tree's links such as
    /// <c>var/lib/rpm -&gt; ../../usr/share/rpm</c> resolve as they would when the tree is booted.
    /// </summary>
    /// <param name="tree">The tree.</param>
    /// <param name="path">A path relative to the root.</param>
    /// <param name="resolved">The path with no symbolic link in it, normalized (no leading <c>/</c>; empty for the root).</param>
    /// <param name="followFinal">Whether to follow a symbolic link in the last component too.</param>
    /// <returns><see langword="true"/> if every component exists and the links end within 40 hops.</returns>
    public static bool TryResolve(this IFileTree tree, string path, [NotNullWhen(true)] out string? resolved, bool followFinal = true)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(path);
        resolved = null;
        var done = new List<string>();
        var pending = new Stack<string>();
        PushComponents(pending, path);
        var hops = 0;
        while (pending.Count > 0)
        {
            var component = pending.Pop();
            if (component.Length == 0 || component == ".")
            {
                continue;
            }

            if (component == "..")
            {
                if (done.Count > 0)
                {
                    done.RemoveAt(done.Count - 1);
                }

                continue;
            }

            done.Add(component);
            var current = string.Join('/', done);
            if (!tree.TryGetEntry(current, out var entry))
            {
                return false;
            }

            var isLast = pending.Count == 0;
            if (entry.Type != FileTreeEntryType.SymbolicLink || (isLast && !followFinal))
            {
                continue;
            }

            if (++hops > MaxSymbolicLinkHops)
            {
                return false;
            }

            var target = tree.ReadSymbolicLink(current);
            done.RemoveAt(done.Count - 1);
            if (target.StartsWith('/'))
            {
                done.Clear();
            }

            PushComponents(pending, target);
        }

        resolved = string.Join('/', done);
        return true;
    }

    private static void PushComponents(Stack<string> pending, string path)
    {
        var parts = path.Split('/');
        for (var i = parts.Length - 1; i >= 0; i--)
        {
            pending.Push(parts[i]);
        }
    }
}
