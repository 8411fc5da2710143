using OsTree.Objects;
using OsTree.Repositories;

namespace OsTree.Checkout;

/// <summary>
/// One repository and one set of checkout options, ready for many checkouts one after another: the repository's
/// object directory is opened once and every run reuses it. For callers that apply many small checkouts (a
/// deployment updated in place path by path, a tool that extracts several subpaths) instead of one whole tree.
/// </summary>
/// <remarks>Runs must not overlap: a session is not thread-safe, though each run uses several threads itself.</remarks>
public sealed class CheckoutSession : IDisposable
{
    private readonly CheckoutEngine _engine;

    internal CheckoutSession(Repository repository, CheckoutOptions options, CancellationToken cancellationToken)
    {
        _engine = new CheckoutEngine(new CheckoutSource(repository), options, cancellationToken);
    }

    /// <summary>
    /// Checks out <paramref name="subpath"/> of <paramref name="commit"/> (the whole tree when <see langword="null"/>;
    /// <see cref="CheckoutOptions.Subpath"/> is ignored) into <paramref name="destination"/>. A directory subpath
    /// becomes <paramref name="destination"/>; a file subpath is created inside the directory
    /// <paramref name="destination"/>, as <c>ostree checkout --subpath</c> does.
    /// </summary>
    /// <param name="commit">The commit.</param>
    /// <param name="subpath">An absolute path inside the commit, such as <c>/usr/bin</c>, or <see langword="null"/>.</param>
    /// <param name="destination">Where to check out.</param>
    /// <returns>What this run did.</returns>
    /// <exception cref="CheckoutException">The commit has no such path, or the target holds something the options do not allow to keep or replace.</exception>
    /// <exception cref="InvalidDataException">An object is malformed.</exception>
    /// <exception cref="OsTreeException">An object is missing or corrupted.</exception>
    /// <exception cref="IOException">A filesystem operation failed; the message names it and the path.</exception>
    public CheckoutResult Run(Checksum commit, string? subpath, string destination) => _engine.Run(commit, subpath, destination);

    /// <summary>
    /// Checks out the directory whose dirtree is <paramref name="tree"/> and dirmeta <paramref name="meta"/> into
    /// <paramref name="destination"/>, as <see cref="Run"/> does for a subpath naming that directory; for callers that
    /// already read the commit's dirtrees down to it (a tree differ), so that nothing is read twice.
    /// </summary>
    /// <param name="tree">The directory's dirtree.</param>
    /// <param name="meta">The directory's dirmeta.</param>
    /// <param name="destination">The directory to create (or fill, in a union mode).</param>
    /// <returns>What this run did.</returns>
    /// <exception cref="CheckoutException">The target holds something the options do not allow to keep or replace.</exception>
    /// <exception cref="InvalidDataException">An object is malformed.</exception>
    /// <exception cref="OsTreeException">An object is missing or corrupted.</exception>
    /// <exception cref="IOException">A filesystem operation failed; the message names it and the path.</exception>
    public CheckoutResult RunTree(Checksum tree, Checksum meta, string destination) => _engine.RunTree(tree, meta, destination);

    /// <summary>
    /// Checks out <paramref name="files"/>, entries of one dirtree, into the directory <paramref name="directory"/>
    /// (created when missing, left as it is when present), one open directory for all of them: what <see cref="Run"/>
    /// does for a subpath naming a file, for many files of one directory at once.
    /// </summary>
    /// <param name="files">The entries (names and content checksums) to check out.</param>
    /// <param name="directory">The directory they go into.</param>
    /// <returns>What this run did.</returns>
    /// <exception cref="CheckoutException">The target holds something the options do not allow to keep or replace.</exception>
    /// <exception cref="InvalidDataException">An object or a name is malformed.</exception>
    /// <exception cref="OsTreeException">An object is missing or corrupted.</exception>
    /// <exception cref="IOException">A filesystem operation failed; the message names it and the path.</exception>
    public CheckoutResult RunFiles(IReadOnlyList<DirTreeFile> files, string directory) => _engine.RunFiles(files, directory);

    /// <summary>Closes the repository's object directory.</summary>
    public void Dispose() => _engine.Dispose();
}
