using Microsoft.Extensions.Logging;
using OsTree.Internal.Interop;

namespace OsTree.Deployments;

/// <summary>
/// libostree's three-way <c>/etc</c> merge and <c>config-diff</c>. The local changes are the differences between the
/// old default (<c>usr/etc</c>, "A") and the configuration in use (<c>etc</c>, "B"), ignoring xattrs: a path is modified
/// when its type, content, symlink target, owner or mode differ. They are applied to the new <c>etc</c> ("C"):
/// removed paths are deleted; modified and added paths are copied from B, overwriting (missing parents are created
/// with B's metadata, directories are copied whole). The administrator's version always wins; there is no content
/// merge.
/// </summary>
public static class EtcMerge
{
    /// <summary>
    /// The differences between two <c>/etc</c> trees in <c>ostree admin config-diff</c>'s order (modified, then
    /// removed, then added; each in directory order, depth first). Removed directories are listed once; added
    /// directories are listed with everything under them.
    /// </summary>
    /// <param name="originalEtc">The default configuration (a deployment's <c>usr/etc</c>).</param>
    /// <param name="modifiedEtc">The configuration in use (the deployment's <c>etc</c>).</param>
    /// <param name="cancellationToken">Stops the walk.</param>
    /// <returns>The changes.</returns>
    /// <exception cref="DirectoryNotFoundException">A tree is missing.</exception>
    public static IReadOnlyList<EtcChange> Diff(string originalEtc, string modifiedEtc, CancellationToken cancellationToken = default)
    {
        var (modified, removed, added) = DiffCore(originalEtc, modifiedEtc, cancellationToken);
        return [.. modified, .. removed, .. added];
    }

    /// <summary>
    /// Computes what the merge will do, changing nothing: every local change with its action, the conflicts that
    /// would make the deploy fail, and the upstream changes.
    /// </summary>
    /// <param name="originalEtc">The merge deployment's <c>usr/etc</c> (A).</param>
    /// <param name="modifiedEtc">The merge deployment's <c>etc</c> (B).</param>
    /// <param name="newEtc">The new deployment's <c>etc</c>, a copy of its <c>usr/etc</c> (C).</param>
    /// <param name="cancellationToken">Stops the walk.</param>
    /// <returns>The plan.</returns>
    public static EtcMergePlan Plan(string originalEtc, string modifiedEtc, string newEtc, CancellationToken cancellationToken = default)
    {
        RequireDirectory(newEtc);
        var (modified, removed, added) = DiffCore(originalEtc, modifiedEtc, cancellationToken);
        List<EtcChange> local = [.. removed, .. modified, .. added];
        var simulation = new Simulation(originalEtc, modifiedEtc, newEtc);
        var entries = new List<EtcMergeEntry>(local.Count);
        foreach (var change in local)
        {
            cancellationToken.ThrowIfCancellationRequested();
            entries.Add(simulation.Step(change));
        }

        // A directory whose metadata alone changed survives only if a later copy re-applied B's metadata to it.
        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            if (e.Action == EtcMergeAction.Lost && e.Change.IsDirectory && simulation.TemplatedDirectories.Contains(e.Path))
            {
                entries[i] = new EtcMergeEntry(e.Change, EtcMergeAction.Keep, e.UpstreamChanged, "local owner/mode kept: a changed file inside re-applied it");
            }
        }

        var (upModified, upRemoved, upAdded) = DiffCore(originalEtc, newEtc, cancellationToken);
        var shadowing = local.Where(c => !(c.Kind == EtcChangeKind.Modified && c.IsDirectory && simulation.IsDirectory(originalEtc, c.Path))).Select(c => c.Path).ToArray();
        var localPaths = local.Select(c => c.Path).ToHashSet(StringComparer.Ordinal);
        var upstream = new List<EtcChange>();
        foreach (var change in upModified.Concat(upRemoved).Concat(upAdded))
        {
            if (localPaths.Contains(change.Path) || shadowing.Any(p => change.Path.StartsWith(p + "/", StringComparison.Ordinal)))
            {
                continue;
            }

            upstream.Add(change);
        }

        return new EtcMergePlan(originalEtc, modifiedEtc, newEtc, local, entries, upstream);
    }

    /// <summary>
    /// Applies a plan to its new <c>etc</c>, exactly as libostree's <c>merge_configuration_from</c> does. Nothing is
    /// changed when the plan has conflicts.
    /// </summary>
    /// <param name="plan">A plan from <see cref="Plan"/>, made just before.</param>
    /// <param name="logger">Receives one line per change; optional.</param>
    /// <param name="cancellationToken">Stops the work (the new <c>etc</c> is then partly merged).</param>
    /// <exception cref="EtcMergeConflictException">The plan has conflicts.</exception>
    public static void Apply(EtcMergePlan plan, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.HasConflicts)
        {
            throw new EtcMergeConflictException(plan);
        }

        var newEtc = plan.NewEtc;
        foreach (var change in plan.LocalChanges)
        {
            cancellationToken.ThrowIfCancellationRequested();
            EnsureConfined(newEtc, change.Path);
            if (change.Kind == EtcChangeKind.Removed)
            {
                PosixFileSystem.DeleteTree(Join(newEtc, change.Path));
            }
            else
            {
                CopyModifiedConfigFile(plan.ModifiedEtc, newEtc, change.Path, logger, cancellationToken);
            }
        }
    }

    /// <summary>Plans and applies the merge; throws before changing anything when there is a conflict.</summary>
    /// <param name="originalEtc">The merge deployment's <c>usr/etc</c> (A).</param>
    /// <param name="modifiedEtc">The merge deployment's <c>etc</c> (B).</param>
    /// <param name="newEtc">The new deployment's <c>etc</c> (C).</param>
    /// <param name="logger">Optional.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>The plan that was applied.</returns>
    /// <exception cref="EtcMergeConflictException">The merge cannot be done.</exception>
    public static EtcMergePlan Merge(string originalEtc, string modifiedEtc, string newEtc, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        var plan = Plan(originalEtc, modifiedEtc, newEtc, cancellationToken);
        Apply(plan, logger, cancellationToken);
        return plan;
    }

    private static void CopyModifiedConfigFile(string modifiedEtc, string newEtc, string path, ILogger? logger, CancellationToken cancellationToken)
    {
        var source = Join(modifiedEtc, path);
        var sourceStat = PosixFileSystem.Lstat(source);
        var slash = path.LastIndexOf('/');
        if (slash > 0)
        {
            EnsureDirectoryFromTemplate(modifiedEtc, newEtc, path[..slash]);
        }

        var target = Join(newEtc, path);
        if (PosixFileSystem.TryLstat(target, out var targetStat))
        {
            if (PosixFileSystem.IsDirectory(targetStat))
            {
                if (!PosixFileSystem.IsDirectory(sourceStat))
                {
                    throw new DeploymentException($"During /etc merge: Modified config file newly defaults to directory '{path}', cannot merge");
                }

                // libostree: nothing to do, the parent was copied recursively or the directory stays upstream's.
                return;
            }

            File.Delete(target);
        }

        if (PosixFileSystem.IsDirectory(sourceStat))
        {
            PosixFileSystem.CopyDirectory(source, target, cancellationToken);
        }
        else if (PosixFileSystem.IsRegular(sourceStat) || PosixFileSystem.IsSymbolicLink(sourceStat))
        {
            PosixFileSystem.CopyFile(source, sourceStat, target);
        }
        else
        {
            logger?.LogInformation("Ignoring non-regular/non-symlink file found during /etc merge: {Path}", path);
        }
    }

    private static void EnsureDirectoryFromTemplate(string modifiedEtc, string newEtc, string path)
    {
        var target = Join(newEtc, path);
        if (!PosixFileSystem.TryLstat(target, out var st))
        {
            var slash = path.LastIndexOf('/');
            if (slash > 0)
            {
                EnsureDirectoryFromTemplate(modifiedEtc, newEtc, path[..slash]);
            }

            PosixFileSystem.MakeDirectory(target, 0x1C0);
        }
        else if (!PosixFileSystem.IsDirectory(st))
        {
            throw new DeploymentException($"During /etc merge: '{path}' is not a directory in the new /etc, cannot merge below it");
        }

        var source = Join(modifiedEtc, path);
        PosixFileSystem.CopyMetadata(source, PosixFileSystem.Lstat(source), target);
    }

    /// <summary>Refuses a path whose parent components in the new /etc are not real directories (a link could lead outside).</summary>
    private static void EnsureConfined(string root, string path)
    {
        var current = root;
        var parts = path.Split('/');
        for (var i = 0; i < parts.Length - 1; i++)
        {
            current = current + "/" + parts[i];
            if (PosixFileSystem.TryLstat(current, out var st) && PosixFileSystem.IsSymbolicLink(st))
            {
                throw new DeploymentException($"During /etc merge: '{string.Join('/', parts[..(i + 1)])}' is a symbolic link in the new /etc, refusing to write through it");
            }
        }
    }

    private static (List<EtcChange> Modified, List<EtcChange> Removed, List<EtcChange> Added) DiffCore(string a, string b, CancellationToken cancellationToken)
    {
        RequireDirectory(a);
        RequireDirectory(b);
        var modified = new List<EtcChange>();
        var removed = new List<EtcChange>();
        var added = new List<EtcChange>();
        DiffDirectories(a, b, string.Empty, modified, removed, added, cancellationToken);
        return (modified, removed, added);
    }

    private static void DiffDirectories(string a, string b, string relative, List<EtcChange> modified, List<EtcChange> removed, List<EtcChange> added, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        foreach (var (name, stA) in EnumerateLikeGio(a))
        {
            var rel = relative.Length == 0 ? name : relative + "/" + name;
            var childA = a + "/" + name;
            var childB = b + "/" + name;
            if (!PosixFileSystem.TryLstat(childB, out var stB))
            {
                removed.Add(new EtcChange(EtcChangeKind.Removed, rel, PosixFileSystem.IsDirectory(stA)));
                continue;
            }

            var typeA = stA.Mode & PosixFileSystem.TypeMask;
            var typeB = stB.Mode & PosixFileSystem.TypeMask;
            if (typeA != typeB)
            {
                modified.Add(new EtcChange(EtcChangeKind.Modified, rel, PosixFileSystem.IsDirectory(stB)));
                continue;
            }

            if (!SameObject(childA, stA, childB, stB))
            {
                modified.Add(new EtcChange(EtcChangeKind.Modified, rel, PosixFileSystem.IsDirectory(stB)));
            }

            if (typeA == PosixFileSystem.TypeDirectory)
            {
                DiffDirectories(childA, childB, rel, modified, removed, added, cancellationToken);
            }
        }

        foreach (var (name, stB) in EnumerateLikeGio(b))
        {
            if (PosixFileSystem.TryLstat(a + "/" + name, out _))
            {
                continue;
            }

            var rel = relative.Length == 0 ? name : relative + "/" + name;
            var childB = b + "/" + name;
            added.Add(new EtcChange(EtcChangeKind.Added, rel, PosixFileSystem.IsDirectory(stB)));
            if (PosixFileSystem.IsDirectory(stB))
            {
                AddRecursively(childB, rel, added, cancellationToken);
            }
        }
    }

    private static void AddRecursively(string directory, string relative, List<EtcChange> added, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        foreach (var (name, st) in EnumerateLikeGio(directory))
        {
            var rel = relative + "/" + name;
            var child = directory + "/" + name;
            added.Add(new EtcChange(EtcChangeKind.Added, rel, PosixFileSystem.IsDirectory(st)));
            if (PosixFileSystem.IsDirectory(st))
            {
                AddRecursively(child, rel, added, cancellationToken);
            }
        }
    }

    /// <summary>
    /// A directory's entries in the order GIO's local enumerator returns them, which libostree's diff inherits:
    /// readdir order, in chunks of 1000 entries, each chunk sorted by inode number.
    /// </summary>
    private static List<(string Name, Interop.StatxBuffer Stat)> EnumerateLikeGio(string directory)
    {
        const int ChunkSize = 1000;
        var result = new List<(string Name, Interop.StatxBuffer Stat)>();
        foreach (var path in Directory.EnumerateFileSystemEntries(directory))
        {
            var name = System.IO.Path.GetFileName(path);
            if (PosixFileSystem.TryLstat(path, out var st))
            {
                result.Add((name, st));
            }
        }

        for (var start = 0; start < result.Count; start += ChunkSize)
        {
            // GIO's comparator returns (int)(long)(a->inode - b->inode); reproduce it, overflow included.
            result.Sort(start, Math.Min(ChunkSize, result.Count - start), Comparer<(string Name, Interop.StatxBuffer Stat)>.Create(
                static (x, y) => unchecked((int)(long)(x.Stat.Inode - y.Stat.Inode))));
        }

        return result;
    }

    /// <summary>
    /// Whether two entries of the same type have the same ostree checksum with xattrs ignored: owner, mode and
    /// device number (the file header), plus content or symlink target.
    /// </summary>
    private static bool SameObject(string a, in Interop.StatxBuffer stA, string b, in Interop.StatxBuffer stB)
    {
        if (stA.Uid != stB.Uid || stA.Gid != stB.Gid || stA.Mode != stB.Mode)
        {
            return false;
        }

        var type = stA.Mode & PosixFileSystem.TypeMask;
        if (type == PosixFileSystem.TypeSymbolicLink)
        {
            return PosixFileSystem.ReadLink(a) == PosixFileSystem.ReadLink(b);
        }

        if (type == PosixFileSystem.TypeRegular)
        {
            return stA.Size == stB.Size && (stA.Inode == stB.Inode && stA.Device == stB.Device || SameContent(a, b, stA.Size));
        }

        if (type == PosixFileSystem.TypeDirectory)
        {
            return true;
        }

        return stA.RdevMajor == stB.RdevMajor && stA.RdevMinor == stB.RdevMinor;
    }

    private static bool SameContent(string a, string b, ulong size)
    {
        if (size == 0)
        {
            return true;
        }

        const int BufferSize = 64 * 1024;
        var bufferA = System.Buffers.ArrayPool<byte>.Shared.Rent(BufferSize);
        var bufferB = System.Buffers.ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            using var streamA = new FileStream(a, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            using var streamB = new FileStream(b, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            while (true)
            {
                var readA = streamA.ReadAtLeast(bufferA.AsSpan(0, BufferSize), BufferSize, throwOnEndOfStream: false);
                var readB = streamB.ReadAtLeast(bufferB.AsSpan(0, BufferSize), BufferSize, throwOnEndOfStream: false);
                if (readA != readB || !bufferA.AsSpan(0, readA).SequenceEqual(bufferB.AsSpan(0, readB)))
                {
                    return false;
                }

                if (readA < BufferSize)
                {
                    return true;
                }
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(bufferA);
            System.Buffers.ArrayPool<byte>.Shared.Return(bufferB);
        }
    }

    private static void RequireDirectory(string path)
    {
        if (!PosixFileSystem.TryLstat(path, out var st) || !PosixFileSystem.IsDirectory(st))
        {
            throw new DirectoryNotFoundException($"Not a directory: {path}");
        }
    }

    private static string Join(string root, string relative) => root + "/" + relative;

    /// <summary>
    /// Replays libostree's merge steps against a model of the new <c>etc</c> (the disk plus the planned changes) to
    /// find each step's outcome without touching anything.
    /// </summary>
    private sealed class Simulation(string originalEtc, string modifiedEtc, string newEtc)
    {
        private enum Node
        {
            Missing,
            File,
            ExistingDirectory,
            FreshDirectory,
        }

        private readonly Dictionary<string, Node> _overlay = new(StringComparer.Ordinal);

        /// <summary>Directories that received B's metadata through <c>ensure_directory_from_template</c>.</summary>
        internal HashSet<string> TemplatedDirectories { get; } = new(StringComparer.Ordinal);

        internal bool IsDirectory(string root, string path)
            => PosixFileSystem.TryLstat(Join(root, path), out var st) && PosixFileSystem.IsDirectory(st);

        internal EtcMergeEntry Step(EtcChange change)
        {
            var path = change.Path;
            var upstreamChanged = UpstreamChanged(path);
            if (LinkAncestor(path) is { } link)
            {
                return new EtcMergeEntry(change, EtcMergeAction.Conflict, upstreamChanged, $"'{link}' is a symbolic link in the new /etc, refusing to write through it");
            }

            if (change.Kind == EtcChangeKind.Removed)
            {
                var present = Lookup(path) != Node.Missing;
                _overlay[path] = Node.Missing;
                return new EtcMergeEntry(change, EtcMergeAction.Remove, upstreamChanged,
                    !present ? "removed locally; upstream removed it too" : upstreamChanged ? "removed locally; the new upstream default is not installed" : "removed locally; stays removed");
            }

            var sourceStat = PosixFileSystem.Lstat(Join(modifiedEtc, path));
            var slash = path.LastIndexOf('/');
            if (slash > 0 && EnsureParent(path[..slash]) is { } parentProblem)
            {
                return new EtcMergeEntry(change, EtcMergeAction.Conflict, upstreamChanged, parentProblem);
            }

            var target = Lookup(path);
            var sourceIsDirectory = PosixFileSystem.IsDirectory(sourceStat);
            if (target is Node.ExistingDirectory or Node.FreshDirectory)
            {
                if (!sourceIsDirectory)
                {
                    return new EtcMergeEntry(change, EtcMergeAction.Conflict, upstreamChanged, $"Modified config file newly defaults to directory '{path}', cannot merge");
                }

                return change.Kind == EtcChangeKind.Modified && PosixFileSystem.IsDirectory(PosixFileSystem.Lstat(Join(originalEtc, path)))
                    ? new EtcMergeEntry(change, EtcMergeAction.Lost, upstreamChanged, "only the directory's owner or mode changed locally; the new default's metadata is used")
                    : new EtcMergeEntry(change, EtcMergeAction.Keep, upstreamChanged, "directory already present in the new /etc; its contents merge path by path");
            }

            if (!sourceIsDirectory && !PosixFileSystem.IsRegular(sourceStat) && !PosixFileSystem.IsSymbolicLink(sourceStat))
            {
                if (target == Node.File)
                {
                    _overlay[path] = Node.Missing;
                }

                return new EtcMergeEntry(change, EtcMergeAction.Lost, upstreamChanged, "special files are not copied");
            }

            _overlay[path] = sourceIsDirectory ? Node.FreshDirectory : Node.File;
            if (sourceIsDirectory)
            {
                foreach (var child in Directory.EnumerateFileSystemEntries(Join(modifiedEtc, path), "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
                {
                    var rel = child[(modifiedEtc.Length + 1)..];
                    _overlay[rel] = PosixFileSystem.IsDirectory(PosixFileSystem.Lstat(child)) ? Node.FreshDirectory : Node.File;
                }
            }

            var what = change.Kind == EtcChangeKind.Added ? "added locally" : "changed locally";
            return upstreamChanged
                ? new EtcMergeEntry(change, EtcMergeAction.Replace, true, $"{what}; the local version replaces the new upstream default")
                : new EtcMergeEntry(change, EtcMergeAction.Keep, false, $"{what}; kept");
        }

        private string? EnsureParent(string path)
        {
            var node = Lookup(path);
            if (node == Node.Missing)
            {
                var slash = path.LastIndexOf('/');
                if (slash > 0 && EnsureParent(path[..slash]) is { } problem)
                {
                    return problem;
                }

                _overlay[path] = Node.FreshDirectory;
            }
            else if (node == Node.File)
            {
                return $"'{path}' is not a directory in the new /etc, cannot merge below it";
            }

            TemplatedDirectories.Add(path);
            return null;
        }

        private Node Lookup(string path)
        {
            if (_overlay.TryGetValue(path, out var node))
            {
                return node;
            }

            for (var slash = path.LastIndexOf('/'); slash > 0; slash = path.LastIndexOf('/', slash - 1))
            {
                if (_overlay.TryGetValue(path[..slash], out var ancestor))
                {
                    if (ancestor != Node.ExistingDirectory)
                    {
                        return Node.Missing;
                    }

                    break;
                }
            }

            if (!PosixFileSystem.TryLstat(Join(newEtc, path), out var st))
            {
                return Node.Missing;
            }

            return PosixFileSystem.IsDirectory(st) ? Node.ExistingDirectory : Node.File;
        }

        private string? LinkAncestor(string path)
        {
            var parts = path.Split('/');
            var current = newEtc;
            for (var i = 0; i < parts.Length - 1; i++)
            {
                var rel = string.Join('/', parts[..(i + 1)]);
                if (_overlay.ContainsKey(rel))
                {
                    return null;
                }

                current = current + "/" + parts[i];
                if (PosixFileSystem.TryLstat(current, out var st) && PosixFileSystem.IsSymbolicLink(st))
                {
                    return rel;
                }
            }

            return null;
        }

        private bool UpstreamChanged(string path)
        {
            var hasA = PosixFileSystem.TryLstat(Join(originalEtc, path), out var stA);
            var hasC = PosixFileSystem.TryLstat(Join(newEtc, path), out var stC);
            if (hasA != hasC)
            {
                return true;
            }

            if (!hasA)
            {
                return false;
            }

            return (stA.Mode & PosixFileSystem.TypeMask) != (stC.Mode & PosixFileSystem.TypeMask)
                || !SameObject(Join(originalEtc, path), stA, Join(newEtc, path), stC);
        }
    }
}
