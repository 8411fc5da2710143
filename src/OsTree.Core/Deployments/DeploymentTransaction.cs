using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using OsTree.GVariant;
using OsTree.Objects;
using OsTree.Repositories;
using OsTree.Trees;
using OsTree.Usage;

namespace OsTree.Deployments;

/// <summary>
/// A change made to a new image instead of the live system: a writable working tree made from a deployment, a
/// command run inside it in private namespaces, the result committed as a child of the deployment's commit and
/// deployed in one atomic boot-configuration swap. Anything short of <see cref="Deploy"/> leaves the system as it was.
/// </summary>
/// <remarks>
/// <para>Made by <see cref="Sysroot.BeginTransaction"/>; call <see cref="Run"/>, then <see cref="Commit"/>, then
/// <see cref="Deploy"/>, and always <see cref="Dispose"/>, which discards the working tree and releases the
/// transaction lock. A process killed at any point leaves at most the working tree, a journal and a deployment
/// directory no boot entry names yet, which the next <see cref="Sysroot.BeginTransaction"/> resolves: a ref update
/// whose deployment made it into the boot configuration is finished, one whose deployment did not is undone, and the
/// unnamed deployment directory and the tree are deleted.</para>
/// <para>As rpm-ostree runs package scripts, the command sees the deployment's pristine <c>usr/etc</c> as
/// <c>/etc</c>; the commit stores it back as <c>usr/etc</c>, and the local changes of the deployment's <c>/etc</c>
/// reach the new deployment through the three-way merge of <see cref="Sysroot.Deploy"/>. The stateroot's <c>/var</c>
/// is never mounted into the tree (libostree ignores a commit's <c>/var</c> at deploy time, so the running system's
/// state is neither read nor changed); the image's own <c>/var</c>, where a stock dpkg or rpm tree keeps its
/// database, is committed with the image. <c>/run</c>, <c>/tmp</c>, <c>/var/tmp</c> and the package managers'
/// download caches are tmpfs while the command runs, so nothing it leaves there is committed.</para>
/// </remarks>
public sealed class DeploymentTransaction : IDisposable
{
    private const string TransactionDirectory = "ostree/transaction";
    private const string LockFile = "ostree/transaction.lock";

    private readonly Sysroot _sysroot;
    private readonly IWorkingTreeBackend _backend;
    private readonly IReadOnlyList<TransactionBind> _binds;
    private readonly ILogger _logger;
    private readonly TransactionLock _lock;
    private readonly string _directory;
    private bool _etcMoved;
    private long _commandStartNanoseconds;
    private Stage _stage = Stage.Prepared;

    private DeploymentTransaction(Sysroot sysroot, Deployment source, IWorkingTreeBackend backend, DeploymentTransactionOptions options, ILogger logger, TransactionLock transactionLock, string directory)
    {
        _sysroot = sysroot;
        Source = source;
        _backend = backend;
        _binds = options.Binds;
        _logger = logger;
        _lock = transactionLock;
        _directory = directory;
        WorkingTreePath = directory + "/tree";
    }

    private enum Stage
    {
        Prepared,
        Ran,
        Committed,
        Deployed,
        Failed,
        Disposed,
    }

    /// <summary>The deployment the working tree was made from; also the merge deployment of <see cref="Deploy"/>.</summary>
    public Deployment Source { get; }

    /// <summary>The working tree (<c>ostree/transaction/tree</c> in the sysroot).</summary>
    public string WorkingTreePath { get; }

    /// <summary>How the working tree was made.</summary>
    public WorkingTreeKind WorkingTreeKind { get; private set; }

    /// <summary>How long making the working tree took (the backend's work and the <c>/etc</c> swap).</summary>
    public TimeSpan PreparationTime { get; private set; }

    /// <summary>The commit made by <see cref="Commit"/>, once it ran.</summary>
    public Checksum? NewCommit { get; private set; }

    internal static DeploymentTransaction Begin(Sysroot sysroot, Deployment source, DeploymentTransactionOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        var backend = options.WorkingTreeBackend ?? new CopyWorkingTreeBackend();
        foreach (var bind in options.Binds)
        {
            ValidateBind(bind);
        }

        // Not waited for: a second transaction fails at once instead of running after the first, from a stale tree.
        var transactionLock = TransactionLock.TryAcquire(sysroot.Path + "/" + LockFile)
            ?? throw new DeploymentException($"Another transaction is running on {sysroot.Path} ({LockFile} is locked).");

        try
        {
            var directory = sysroot.Path + "/" + TransactionDirectory;
            Recover(sysroot, backend, directory, logger, cancellationToken);
            PosixFileSystem.CreateDirectory(directory, 0x1C0 /* 0700 */);
            var transaction = new DeploymentTransaction(sysroot, source, backend, options, logger, transactionLock, directory);
            transaction.Prepare(cancellationToken);
            return transaction;
        }
        catch
        {
            transactionLock.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Runs a command chrooted into the working tree, in private mount and PID namespaces (<c>unshare</c>), with a
    /// fresh <c>/proc</c>, the host's <c>/sys</c>, <c>/dev</c> and <c>/etc/resolv.conf</c> and the binds of the
    /// options; its output goes to this process's standard output and error.
    /// </summary>
    /// <param name="command">The program (looked up in the tree's <c>PATH</c>) and its arguments.</param>
    /// <param name="cancellationToken">Kills the command and everything it started.</param>
    /// <exception cref="TransactionCommandException">The command exited with a non-zero status.</exception>
    /// <exception cref="DeploymentException">A mount point in the tree is a symbolic link, or the isolation tools are missing.</exception>
    /// <exception cref="InvalidOperationException">The command already ran.</exception>
    public void Run(IReadOnlyList<string> command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentOutOfRangeException.ThrowIfZero(command.Count);
        Expect(Stage.Prepared);
        var created = new List<string>();
        int exitCode;
        try
        {
            foreach (var mountPoint in (string[])["/proc", "/sys", "/dev"])
            {
                EnsureMountPoint(mountPoint, directory: true, created);
            }

            foreach (var bind in _binds)
            {
                EnsureMountPoint(bind.Target, directory: Directory.Exists(bind.Source), created);
            }

            // Files whose inode changed after this instant are the command's; every other file is still the
            // deployment's and so already in the repository. The second of slack covers the kernel's coarse clock.
            _commandStartNanoseconds = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 1000) * 1_000_000;
            _logger.LogInformation("Running {Command} in {Tree}", string.Join(' ', command), WorkingTreePath);
            exitCode = IsolatedCommand.Run(WorkingTreePath, _binds, command, cancellationToken);
        }
        catch
        {
            _stage = Stage.Failed;
            throw;
        }
        finally
        {
            for (var i = created.Count - 1; i >= 0; i--)
            {
                PosixFileSystem.DeleteTree(created[i]);
            }
        }

        if (exitCode != 0)
        {
            _stage = Stage.Failed;
            throw new TransactionCommandException(
                $"The command '{string.Join(' ', command)}' failed with exit status {exitCode.ToString(CultureInfo.InvariantCulture)}; the working tree is discarded and nothing was changed.",
                exitCode);
        }

        _stage = Stage.Ran;
    }

    /// <summary>
    /// The files the command created or changed (inode changed since it started), with their content checksums and
    /// sizes: what a commit of the tree may add to the repository, for <see cref="SpacePreflight"/>.
    /// </summary>
    /// <param name="cancellationToken">Stops the walk.</param>
    /// <returns>One entry per regular file or symbolic link the command touched.</returns>
    /// <exception cref="InvalidOperationException">The command has not run.</exception>
    public IReadOnlyList<PendingObject> GetPendingObjects(CancellationToken cancellationToken = default)
    {
        Expect(Stage.Ran);
        var result = new List<PendingObject>();
        var stack = new Stack<string>();
        stack.Push(WorkingTreePath);
        while (stack.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var entry in Directory.EnumerateFileSystemEntries(stack.Pop()))
            {
                if (!PosixFileSystem.TryLstat(entry, out var st))
                {
                    continue;
                }

                if (PosixFileSystem.IsDirectory(st))
                {
                    stack.Push(entry);
                    continue;
                }

                var changed = (st.CtimeSeconds * 1_000_000_000) + st.CtimeNanoseconds;
                if (changed < _commandStartNanoseconds || !(PosixFileSystem.IsRegular(st) || PosixFileSystem.IsSymbolicLink(st)))
                {
                    continue;
                }

                result.Add(new PendingObject(LocalFile.ComputeChecksum(entry), PosixFileSystem.IsRegular(st) ? (long)st.Size : 0));
            }
        }

        return result;
    }

    /// <summary>
    /// Commits the working tree (with <c>/etc</c> moved back to <c>usr/etc</c>) as a child of the source commit; no
    /// ref moves until <see cref="Deploy"/> has made the commit live.
    /// </summary>
    /// <param name="subject">The commit subject.</param>
    /// <param name="metadata">The commit metadata (callers carry the source commit's and add their own).</param>
    /// <param name="cancellationToken">Stops the commit before its objects are published.</param>
    /// <returns>The new commit.</returns>
    /// <exception cref="InvalidOperationException">The command has not run, or the tree was already committed.</exception>
    /// <exception cref="DeploymentException">The command left both <c>/etc</c> and <c>/usr/etc</c>.</exception>
    public Checksum Commit(string subject, GVariantDictionary metadata, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(metadata);
        Expect(Stage.Ran);
        _stage = Stage.Failed;
        RestoreEtc();
        cancellationToken.ThrowIfCancellationRequested();
        var repository = Repository.Open(_sysroot.RepositoryPath);
        var commit = repository.CommitDirectory(WorkingTreePath, new CommitOptions
        {
            Subject = subject,
            Parent = Checksum.Parse(Source.Checksum),
            Metadata = metadata,
            Timestamp = DateTimeOffset.UtcNow,
        });
        NewCommit = commit;
        _stage = Stage.Committed;
        return commit;
    }

    /// <summary>
    /// Deploys the new commit with the source deployment as merge deployment (its kernel arguments and local
    /// <c>/etc</c> changes carried over) and the source's origin; then moves the source's ref (a local ref that
    /// still names the source commit) to the new commit. A journal makes the ref move complete or undone after a kill.
    /// </summary>
    /// <param name="cancellationToken">Stops the deploy before the boot configuration is swapped.</param>
    /// <returns>The deploy's result.</returns>
    /// <exception cref="InvalidOperationException">Nothing was committed.</exception>
    /// <exception cref="DeploymentException">The deploy failed; the boot configuration is unchanged.</exception>
    public DeployResult Deploy(CancellationToken cancellationToken = default)
    {
        Expect(Stage.Committed);
        _stage = Stage.Failed;
        var commit = NewCommit!.Value.ToString();
        var repository = Repository.Open(_sysroot.RepositoryPath);
        var refspec = Source.Origin?.Refspec;
        string? moveRef = null;
        if (refspec is not null && !refspec.Contains(':', StringComparison.Ordinal) && refspec != Source.Checksum
            && repository.TryReadRef(refspec, out var current) && current.ToString() == Source.Checksum)
        {
            moveRef = refspec;
            PosixFileSystem.WriteFileAtomically(
                _directory + "/journal",
                Encoding.UTF8.GetBytes($"ref={moveRef}\nold={Source.Checksum}\nnew={commit}\n"),
                durable: true);
        }

        var origin = Source.Origin is null || refspec == Source.Checksum
            ? DeploymentOrigin.FromRefspec(commit)
            : Source.Origin.WithPinned(false);
        try
        {
            var result = _sysroot.Deploy(new DeployOptions
            {
                OsName = Source.OsName,
                Commit = commit,
                Origin = origin,
                MergeDeployment = Source,
            }, cancellationToken);
            if (moveRef is not null)
            {
                repository.WriteRef(moveRef, NewCommit.Value);
            }

            PosixFileSystem.DeleteFileIfExists(_directory + "/journal");
            _stage = Stage.Deployed;
            return result;
        }
        catch
        {
            ResolveJournal(_sysroot, _directory + "/journal", _logger);
            throw;
        }
    }

    /// <summary>Deletes the working tree (unless a kill left that to the next transaction) and releases the lock.</summary>
    public void Dispose()
    {
        if (_stage == Stage.Disposed)
        {
            return;
        }

        _stage = Stage.Disposed;
        try
        {
            DeleteWorkingTree(_backend, WorkingTreePath, CancellationToken.None);
            if (!File.Exists(_directory + "/journal"))
            {
                PosixFileSystem.DeleteTree(_directory);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or OsTreeException or NotSupportedException)
        {
            _logger.LogWarning(e, "The working tree {Tree} was not deleted; the next transaction deletes it", WorkingTreePath);
        }
        finally
        {
            _lock.Dispose();
        }
    }

    private static void ValidateBind(TransactionBind bind)
    {
        ArgumentNullException.ThrowIfNull(bind);
        if (!Path.IsPathFullyQualified(bind.Source) || !Path.Exists(bind.Source))
        {
            throw new ArgumentException($"Bind source '{bind.Source}' is not an existing absolute path.", nameof(bind));
        }

        if (!bind.Target.StartsWith('/') || bind.Target.Split('/').Any(p => p is "." or ".."))
        {
            throw new ArgumentException($"Bind target '{bind.Target}' must be an absolute path without '.' or '..'.", nameof(bind));
        }
    }

    private static void Recover(Sysroot sysroot, IWorkingTreeBackend backend, string directory, ILogger logger, CancellationToken cancellationToken)
    {
        if (!PosixFileSystem.TryLstat(directory, out _))
        {
            return;
        }

        logger.LogWarning("Cleaning up after an interrupted transaction in {Directory}", directory);
        ResolveJournal(sysroot, directory + "/journal", logger);
        DeleteWorkingTree(backend, directory + "/tree", cancellationToken);

        // Killed in the middle of its deploy, before the boot-configuration swap, the transaction leaves a deployment
        // directory that no boot entry names; nothing else would delete it before the next deploy. Deleted before the
        // directory that says there is something to recover.
        sysroot.CleanupInterruptedDeploy(cancellationToken);
        PosixFileSystem.DeleteTree(directory);
    }

    /// <summary>Finishes a ref move whose deployment is in the boot configuration, undoes one whose deployment is not.</summary>
    private static void ResolveJournal(Sysroot sysroot, string journal, ILogger logger)
    {
        if (!File.Exists(journal))
        {
            return;
        }

        var values = File.ReadAllLines(journal)
            .Select(l => l.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        if (values.TryGetValue("ref", out var refspec) && values.TryGetValue("old", out var old) && values.TryGetValue("new", out var created)
            && Checksum.TryParse(old, out var oldChecksum) && Checksum.TryParse(created, out var newChecksum))
        {
            sysroot.Load();
            var deployed = sysroot.Deployments.Any(d => d.Checksum == created);
            var repository = Repository.Open(sysroot.RepositoryPath);
            if (repository.TryReadRef(refspec, out var current))
            {
                if (deployed && current == oldChecksum)
                {
                    logger.LogWarning("Moving {Ref} to {Commit}, whose deployment an interrupted transaction made", refspec, created);
                    repository.WriteRef(refspec, newChecksum);
                }
                else if (!deployed && current == newChecksum)
                {
                    logger.LogWarning("Moving {Ref} back to {Commit}: the interrupted transaction did not deploy", refspec, old);
                    repository.WriteRef(refspec, oldChecksum);
                }
            }
        }

        PosixFileSystem.DeleteFileIfExists(journal);
    }

    private static void DeleteWorkingTree(IWorkingTreeBackend backend, string tree, CancellationToken cancellationToken)
    {
        if (!PosixFileSystem.TryLstat(tree, out var st))
        {
            return;
        }

        if (PosixFileSystem.IsDirectory(st))
        {
            PosixFileSystem.SetImmutable(tree, immutable: false);
        }

        backend.DeleteWorkingTree(tree, cancellationToken);
    }

    private void Prepare(CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        try
        {
            WorkingTreeKind = _backend.CreateWorkingTree(new WorkingTreeRequest
            {
                SysrootPath = _sysroot.Path,
                RepositoryPath = _sysroot.RepositoryPath,
                Commit = Source.Checksum,
                DeploymentPath = _sysroot.GetDeploymentDirectory(Source),
                TargetPath = WorkingTreePath,
            }, cancellationToken);

            // A snapshot copies the deployment directory's immutable flag.
            PosixFileSystem.SetImmutable(WorkingTreePath, immutable: false);
            var usrEtc = WorkingTreePath + "/usr/etc";
            if (PosixFileSystem.TryLstat(usrEtc, out var st) && PosixFileSystem.IsDirectory(st))
            {
                PosixFileSystem.DeleteTree(WorkingTreePath + "/etc");
                PosixFileSystem.Rename(usrEtc, WorkingTreePath + "/etc");
                _etcMoved = true;
            }
        }
        catch
        {
            DeleteWorkingTree(_backend, WorkingTreePath, CancellationToken.None);
            PosixFileSystem.DeleteTree(_directory);
            throw;
        }

        PreparationTime = stopwatch.Elapsed;
        _logger.LogInformation("Working tree {Tree} ({Kind}) made from {Deployment} in {Time}", WorkingTreePath, WorkingTreeKind, Source, PreparationTime);
    }

    private void RestoreEtc()
    {
        if (!_etcMoved)
        {
            return;
        }

        var etc = WorkingTreePath + "/etc";
        var usrEtc = WorkingTreePath + "/usr/etc";
        if (PosixFileSystem.TryLstat(usrEtc, out _))
        {
            throw new DeploymentException("The command created /usr/etc; the tree cannot hold both /etc and /usr/etc.");
        }

        if (PosixFileSystem.TryLstat(etc, out _))
        {
            PosixFileSystem.Rename(etc, usrEtc);
        }

        _etcMoved = false;
    }

    /// <summary>Creates a missing mount point (and missing parents) in the tree, refusing symbolic links on the way.</summary>
    private void EnsureMountPoint(string target, bool directory, List<string> created)
    {
        var parts = target.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var path = WorkingTreePath;
        for (var i = 0; i < parts.Length; i++)
        {
            path += "/" + parts[i];
            var last = i == parts.Length - 1;
            if (PosixFileSystem.TryLstat(path, out var st))
            {
                if (PosixFileSystem.IsSymbolicLink(st))
                {
                    throw new DeploymentException($"Cannot mount on {target}: /{string.Join('/', parts[..(i + 1)])} is a symbolic link in the tree.");
                }

                if ((!last || directory) && !PosixFileSystem.IsDirectory(st))
                {
                    throw new DeploymentException($"Cannot mount on {target}: /{string.Join('/', parts[..(i + 1)])} is not a directory in the tree.");
                }

                continue;
            }

            if (!last || directory)
            {
                PosixFileSystem.MakeDirectory(path, 0x1ED /* 0755 */);
            }
            else
            {
                File.WriteAllBytes(path, []);
            }

            created.Add(path);
        }
    }

    private void Expect(Stage stage)
    {
        ObjectDisposedException.ThrowIf(_stage == Stage.Disposed, this);
        if (_stage != stage)
        {
            throw new InvalidOperationException($"The transaction is {_stage.ToString().ToLowerInvariant()}; this step needs it {stage.ToString().ToLowerInvariant()}.");
        }
    }
}
