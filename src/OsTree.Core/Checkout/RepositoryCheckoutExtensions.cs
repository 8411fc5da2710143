using OsTree.Objects;
using OsTree.Repositories;

namespace OsTree.Checkout;

/// <summary>Checkout of a commit into a directory, as <c>ostree checkout</c> does (see <c>docs/checkout.md</c>).</summary>
public static class RepositoryCheckoutExtensions
{
    /// <summary>Checks out a revision (ref, <c>ref^</c>, full or unique-prefix checksum) into <paramref name="destination"/>.</summary>
    /// <param name="repository">The repository.</param>
    /// <param name="revision">What to check out.</param>
    /// <param name="destination">The directory to create (or, with a union mode, to check out over).</param>
    /// <param name="options">The options; <see langword="null"/> for libostree's defaults.</param>
    /// <param name="cancellationToken">Stops the checkout between directories.</param>
    /// <returns>What was done.</returns>
    /// <exception cref="CheckoutException">The target already holds something the options do not allow to keep or replace, or hard links were required and are impossible.</exception>
    /// <exception cref="InvalidDataException">An object is malformed, for example a dirtree name that would leave its directory.</exception>
    /// <exception cref="OsTreeException">The revision does not resolve, or an object is missing or corrupted.</exception>
    /// <exception cref="IOException">A filesystem operation failed; the message names it and the path.</exception>
    public static CheckoutResult Checkout(this Repository repository, string revision, string destination, CheckoutOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentException.ThrowIfNullOrEmpty(revision);
        return repository.Checkout(repository.ResolveRev(revision), destination, options, cancellationToken);
    }

    /// <summary>Checks out a commit into <paramref name="destination"/>.</summary>
    /// <param name="repository">The repository.</param>
    /// <param name="commit">The commit.</param>
    /// <param name="destination">The directory to create (or, with a union mode, to check out over).</param>
    /// <param name="options">The options; <see langword="null"/> for libostree's defaults.</param>
    /// <param name="cancellationToken">Stops the checkout between directories.</param>
    /// <returns>What was done.</returns>
    /// <exception cref="CheckoutException">The target already holds something the options do not allow to keep or replace, or hard links were required and are impossible.</exception>
    /// <exception cref="InvalidDataException">An object is malformed, for example a dirtree name that would leave its directory.</exception>
    /// <exception cref="OsTreeException">An object is missing or corrupted.</exception>
    /// <exception cref="IOException">A filesystem operation failed; the message names it and the path.</exception>
    public static CheckoutResult Checkout(this Repository repository, Checksum commit, string destination, CheckoutOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        using var engine = new CheckoutEngine(new CheckoutSource(repository), options ?? new CheckoutOptions(), cancellationToken);
        return engine.Run(commit, destination);
    }

    /// <summary>
    /// Checks out a commit as <paramref name="name"/> inside an open directory: the form for callers that already hold
    /// a handle (a deployment backend), so that no path above it is resolved again.
    /// </summary>
    /// <param name="repository">The repository.</param>
    /// <param name="commit">The commit.</param>
    /// <param name="parent">The directory in which to create the tree.</param>
    /// <param name="name">One path component: the tree's name inside <paramref name="parent"/>.</param>
    /// <param name="options">The options; <see langword="null"/> for libostree's defaults.</param>
    /// <param name="cancellationToken">Stops the checkout between directories.</param>
    /// <returns>What was done.</returns>
    /// <exception cref="CheckoutException">The target already holds something the options do not allow to keep or replace, or hard links were required and are impossible.</exception>
    /// <exception cref="InvalidDataException">An object is malformed.</exception>
    /// <exception cref="OsTreeException">An object is missing or corrupted.</exception>
    /// <exception cref="IOException">A filesystem operation failed.</exception>
    public static CheckoutResult Checkout(this Repository repository, Checksum commit, SafeDirectoryHandle parent, string name, CheckoutOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentException.ThrowIfNullOrEmpty(name);
        using var engine = new CheckoutEngine(new CheckoutSource(repository), options ?? new CheckoutOptions(), cancellationToken);
        return engine.Run(commit, parent, name);
    }

    /// <summary>Opens a <see cref="CheckoutSession"/>: many checkouts from <paramref name="repository"/> with the same options.</summary>
    /// <param name="repository">The repository.</param>
    /// <param name="options">The options of every run; <see langword="null"/> for libostree's defaults.</param>
    /// <param name="cancellationToken">Stops any run between directories.</param>
    /// <returns>The session; dispose it when done.</returns>
    /// <exception cref="ArgumentException">The options contradict each other (for example, forced copies and required hard links).</exception>
    public static CheckoutSession OpenCheckoutSession(this Repository repository, CheckoutOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        return new CheckoutSession(repository, options ?? new CheckoutOptions(), cancellationToken);
    }
}
