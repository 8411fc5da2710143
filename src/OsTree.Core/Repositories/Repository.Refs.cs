using System.Diagnostics.CodeAnalysis;
using System.Text;
using OsTree.Objects;

namespace OsTree.Repositories;

public sealed partial class Repository
{
    /// <summary>
    /// Lists refs as <c>ostree refs</c> does: local refs by name (<c>os/stable</c>) and remote-tracking refs as
    /// <c>remote:name</c>, sorted ordinally.
    /// </summary>
    /// <returns>The refs and the commits they name.</returns>
    /// <exception cref="InvalidDataException">A ref file does not hold a checksum.</exception>
    public IReadOnlyDictionary<string, Checksum> ListRefs()
    {
        var refs = new SortedDictionary<string, Checksum>(StringComparer.Ordinal);
        CollectRefs(Path + "/refs/heads", string.Empty, refs);
        var remotes = Path + "/refs/remotes";
        if (Directory.Exists(remotes))
        {
            foreach (var remote in Directory.EnumerateDirectories(remotes))
            {
                var name = System.IO.Path.GetFileName(remote);
                if (RefName.IsValidRemoteName(name))
                {
                    CollectRefs(remote, name + ":", refs);
                }
            }
        }

        return refs;
    }

    /// <summary>Lists the refs under <c>refs/mirrors/</c> (made by mirroring a repository that has a collection id).</summary>
    /// <returns>The refs and the commits they name.</returns>
    public IReadOnlyDictionary<CollectionRef, Checksum> ListMirrorRefs()
    {
        var result = new Dictionary<CollectionRef, Checksum>();
        var mirrors = Path + "/refs/mirrors";
        if (!Directory.Exists(mirrors))
        {
            return result;
        }

        foreach (var collection in Directory.EnumerateDirectories(mirrors))
        {
            var id = System.IO.Path.GetFileName(collection);
            var refs = new SortedDictionary<string, Checksum>(StringComparer.Ordinal);
            CollectRefs(collection, string.Empty, refs);
            foreach (var (name, checksum) in refs)
            {
                result[new CollectionRef(id, name)] = checksum;
            }
        }

        return result;
    }

    private static void CollectRefs(string directory, string prefix, SortedDictionary<string, Checksum> refs)
    {
        if (!Directory.Exists(directory))
        {
            return;
        }

        foreach (var entry in Directory.EnumerateFileSystemEntries(directory, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            if (!File.Exists(entry))
            {
                continue;
            }

            var name = System.IO.Path.GetRelativePath(directory, entry);
            if (RefName.IsValid(name))
            {
                refs[prefix + name] = ReadRefFile(entry);
            }
        }
    }

    private static Checksum ReadRefFile(string path)
    {
        var text = File.ReadAllText(path).TrimEnd('\n');
        return Checksum.TryParse(text, out var checksum)
            ? checksum
            : throw new InvalidDataException($"The ref file {path} does not hold a checksum.");
    }

    private string RefPath(string refspec)
    {
        if (!RefName.TryParseRefspec(refspec, out var remote, out var name))
        {
            throw new ArgumentException($"'{refspec}' is not a valid ref.", nameof(refspec));
        }

        return remote is null ? $"{Path}/refs/heads/{name}" : $"{Path}/refs/remotes/{remote}/{name}";
    }

    private string MirrorRefPath(CollectionRef collectionRef)
    {
        if (!RefName.IsValid(collectionRef.Name) || !RefName.IsValidRemoteName(collectionRef.CollectionId))
        {
            throw new ArgumentException($"'{collectionRef.CollectionId}:{collectionRef.Name}' is not a valid collection ref.", nameof(collectionRef));
        }

        return $"{Path}/refs/mirrors/{collectionRef.CollectionId}/{collectionRef.Name}";
    }

    /// <summary>Reads a ref (<c>name</c> or <c>remote:name</c>).</summary>
    /// <param name="refspec">The ref.</param>
    /// <param name="checksum">The commit it names, when it exists.</param>
    /// <returns><see langword="true"/> if the ref exists.</returns>
    /// <exception cref="ArgumentException">The name is invalid.</exception>
    public bool TryReadRef(string refspec, out Checksum checksum)
    {
        var path = RefPath(refspec);
        checksum = default;
        if (!File.Exists(path))
        {
            return false;
        }

        checksum = ReadRefFile(path);
        return true;
    }

    /// <summary>Points a ref (<c>name</c> or <c>remote:name</c>) at a commit, atomically (temporary file and rename).</summary>
    /// <param name="refspec">The ref.</param>
    /// <param name="checksum">The commit.</param>
    /// <exception cref="ArgumentException">The name is invalid.</exception>
    /// <exception cref="IOException">A ref's parent path is itself a ref (e.g. <c>a</c> exists and <c>a/b</c> is written).</exception>
    public void WriteRef(string refspec, Checksum checksum) => WriteRefFile(RefPath(refspec), checksum);

    /// <summary>Points a mirrored collection ref at a commit.</summary>
    /// <param name="collectionRef">The collection and ref.</param>
    /// <param name="checksum">The commit.</param>
    public void WriteMirrorRef(CollectionRef collectionRef, Checksum checksum) => WriteRefFile(MirrorRefPath(collectionRef), checksum);

    /// <summary>Deletes a ref (<c>name</c> or <c>remote:name</c>); the commits stay until pruned.</summary>
    /// <param name="refspec">The ref.</param>
    /// <returns><see langword="true"/> if it existed.</returns>
    public bool DeleteRef(string refspec) => DeleteRefFile(RefPath(refspec));

    /// <summary>Deletes a mirrored collection ref.</summary>
    /// <param name="collectionRef">The collection and ref.</param>
    /// <returns><see langword="true"/> if it existed.</returns>
    public bool DeleteMirrorRef(CollectionRef collectionRef) => DeleteRefFile(MirrorRefPath(collectionRef));

    private void WriteRefFile(string path, Checksum checksum)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);

        // Never under refs/: a name like ".tmp-x" is a valid ref to libostree, so a write killed before its rename
        // would leave a ref that ostree lists and that no longer holds a checksum.
        var tmp = Path + "/tmp";
        WriteFileAtomically(path, Encoding.ASCII.GetBytes(checksum + "\n"), SyncWrites, Directory.Exists(tmp) ? tmp : null);
    }

    private bool DeleteRefFile(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        File.Delete(path);
        if (SyncWrites)
        {
            PosixFile.FsyncDirectory(System.IO.Path.GetDirectoryName(path)!);
        }

        return true;
    }

    /// <summary>
    /// Resolves a revision as <c>ostree rev-parse</c>: a full checksum, a unique prefix of a commit's checksum, a ref
    /// (<c>name</c>, <c>remote:name</c>, or the <c>remote/name</c> path form), each optionally followed by <c>^</c>
    /// (repeatable) for parents.
    /// </summary>
    /// <param name="revision">The revision.</param>
    /// <returns>The commit.</returns>
    /// <exception cref="RevisionNotFoundException">Nothing matches, a prefix is ambiguous, or a parent does not exist.</exception>
    public Checksum ResolveRev(string revision)
        => TryResolveRev(revision, out var checksum, out var why) ? checksum : throw new RevisionNotFoundException(why);

    /// <summary>Resolves a revision (see <see cref="ResolveRev"/>) without throwing for a miss.</summary>
    /// <param name="revision">The revision.</param>
    /// <param name="checksum">The commit, when resolved.</param>
    /// <returns><see langword="true"/> if it resolved.</returns>
    public bool TryResolveRev(string revision, out Checksum checksum) => TryResolveRev(revision, out checksum, out _);

    private bool TryResolveRev(string revision, out Checksum checksum, out string why)
    {
        ArgumentNullException.ThrowIfNull(revision);
        checksum = default;
        var parents = 0;
        var baseRev = revision;
        while (baseRev.EndsWith('^'))
        {
            parents++;
            baseRev = baseRev[..^1];
        }

        if (!TryResolveBase(baseRev, out checksum, out why))
        {
            return false;
        }

        for (var i = 0; i < parents; i++)
        {
            if (!TryReadCommit(checksum, out var commit))
            {
                why = $"Revision '{revision}': commit {checksum} is not in the repository.";
                return false;
            }

            if (commit.Parent is not { } parent)
            {
                why = $"Revision '{revision}': commit {checksum} has no parent.";
                return false;
            }

            checksum = parent;
        }

        return true;
    }

    private bool TryResolveBase(string rev, out Checksum checksum, out string why)
    {
        why = string.Empty;
        if (Checksum.TryParse(rev, out checksum))
        {
            return true;
        }

        if (rev.Length is >= 4 and < Checksum.HexLength && rev.All(char.IsAsciiHexDigit))
        {
            var matches = FindCommitsByPrefix(rev.ToLowerInvariant()).Take(2).ToList();
            if (matches.Count == 1)
            {
                checksum = matches[0];
                return true;
            }

            if (matches.Count > 1)
            {
                why = $"Revision '{rev}' is an ambiguous checksum prefix.";
                return false;
            }
        }

        if (RefName.TryParseRefspec(rev, out var remote, out var name))
        {
            if (remote is null)
            {
                if (TryReadRef(name, out checksum))
                {
                    return true;
                }

                // libostree also accepts "remote/name" for refs/remotes/remote/name.
                var path = $"{Path}/refs/remotes/{name}";
                if (name.Contains('/', StringComparison.Ordinal) && File.Exists(path))
                {
                    checksum = ReadRefFile(path);
                    return true;
                }
            }
            else if (TryReadRef(rev, out checksum))
            {
                return true;
            }
        }

        why = $"Revision '{rev}' not found.";
        return false;
    }

    private IEnumerable<Checksum> FindCommitsByPrefix(string prefix)
    {
        var dir = $"{ObjectsPath}/{prefix[..2]}";
        if (!Directory.Exists(dir))
        {
            yield break;
        }

        var rest = prefix[2..];
        foreach (var file in Directory.EnumerateFiles(dir, rest + "*.commit"))
        {
            if (ObjectName.TryParse(prefix.AsSpan(0, 2), System.IO.Path.GetFileName(file.AsSpan()), Mode, out var checksum, out var type) && type == ObjectType.Commit)
            {
                yield return checksum;
            }
        }
    }

    internal bool TryGetRefPath(string refspec, [NotNullWhen(true)] out string? path)
    {
        path = RefName.TryParseRefspec(refspec, out _, out _) ? RefPath(refspec) : null;
        return path is not null;
    }
}
