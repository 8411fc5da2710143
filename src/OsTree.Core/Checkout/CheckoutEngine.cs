using System.Diagnostics;
using System.Runtime.ExceptionServices;
using OsTree.Internal.Interop;
using OsTree.Objects;

namespace OsTree.Checkout;

/// <summary>
/// Checks out a tree of a commit into a directory, with libostree's semantics (see <c>docs/checkout.md</c>).
/// Directories are the unit of parallel work: a bounded set of threads takes them from a shared LIFO stack (so the
/// walk stays depth-first and few directories are open at once), and large directories are split into file ranges.
/// </summary>
internal sealed partial class CheckoutEngine : IDisposable
{
    /// <summary>Directories with more files than this are split into ranges of <see cref="FileChunk"/> files.</summary>
    private const int FileChunk = 256;

    private readonly CheckoutContext _context;
    private readonly CancellationToken _cancellationToken;
    private readonly object _lock = new();
    private readonly Stack<WorkItem> _work = new();
    private readonly HashSet<DirectoryJob> _open = [];
    private readonly List<CheckoutCounters> _counters = [];
    private SafeDirectoryHandle? _destinationParent;
    private bool _finished;
    private ExceptionDispatchInfo? _failure;

    public CheckoutEngine(CheckoutSource source, CheckoutOptions options, CancellationToken cancellationToken)
    {
        Validate(options);
        _context = new CheckoutContext(source, options);
        _cancellationToken = cancellationToken;
    }

    private CheckoutOptions Options => _context.Options;

    private static void Validate(CheckoutOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ForceCopy && options.RequireHardlinks)
        {
            throw new ArgumentException("Cannot both force copies and require hard links.", nameof(options));
        }

        if (options.OverwriteMode == CheckoutOverwriteMode.UnionIdentical && !options.RequireHardlinks)
        {
            throw new ArgumentException("UnionIdentical requires RequireHardlinks, as in libostree (--union-identical needs --require-hardlinks).", nameof(options));
        }

        if (options.Atomic && options.OverwriteMode != CheckoutOverwriteMode.None)
        {
            throw new ArgumentException("An atomic checkout creates a new directory; it cannot be combined with a union mode.", nameof(options));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxDegreeOfParallelism);
    }

    /// <summary>Checks out <paramref name="commit"/> (or its <see cref="CheckoutOptions.Subpath"/>) into <paramref name="destination"/>.</summary>
    public CheckoutResult Run(in Checksum commit, string destination) => Run(commit, Options.Subpath, destination);

    /// <summary>
    /// Checks out one path of <paramref name="commit"/> into <paramref name="destination"/>. An engine may run many
    /// times (one after the other): callers that apply many small changes, such as a deployment updated in place,
    /// pay for the repository and the worker threads once.
    /// </summary>
    public CheckoutResult Run(in Checksum commit, string? subpath, string destination)
    {
        var resolved = (Commit: commit, Subpath: subpath);
        return RunAt(destination, (parent, name) => Run(resolved.Commit, resolved.Subpath, parent, name));
    }

    /// <summary>
    /// Checks out a directory given by its dirtree and dirmeta into <paramref name="destination"/>, as a checkout
    /// of a commit whose root they are; for callers that already walked the commit to this directory.
    /// </summary>
    public CheckoutResult RunTree(in Checksum tree, in Checksum meta, string destination)
    {
        var resolved = (Tree: tree, Meta: meta);
        return RunAt(destination, (parent, name) => RunResolved(new DirectoryJob(null, name, resolved.Tree, resolved.Meta), parent, name));
    }

    /// <summary>Checks out <paramref name="files"/> (entries of one dirtree) into the directory <paramref name="directory"/>, which may exist.</summary>
    public CheckoutResult RunFiles(IReadOnlyList<DirTreeFile> files, string directory)
    {
        ArgumentNullException.ThrowIfNull(files);
        return RunAt(directory, (parent, name) => RunResolved(new DirectoryJob(null, name, default, default) { SelectedFiles = files }, parent, name));
    }

    private CheckoutResult RunAt(string destination, Func<SafeDirectoryHandle, string, CheckoutResult> run)
    {
        ArgumentException.ThrowIfNullOrEmpty(destination);
        var clock = Stopwatch.StartNew();
        var full = Path.GetFullPath(destination).TrimEnd('/');
        var name = Path.GetFileName(full);
        var parent = Path.GetDirectoryName(full);
        if (string.IsNullOrEmpty(name) || parent is null)
        {
            throw new ArgumentException($"'{destination}' cannot be a checkout destination.", nameof(destination));
        }

        using var parentHandle = SafeDirectoryHandle.Open(parent);
        run(parentHandle, name);
        return Result(full, clock.Elapsed);
    }

    /// <summary>Checks out into <paramref name="name"/> inside an open directory.</summary>
    public CheckoutResult Run(in Checksum commit, SafeDirectoryHandle parent, string name) => Run(commit, Options.Subpath, parent, name);

    private CheckoutResult Run(in Checksum commit, string? subpath, SafeDirectoryHandle parent, string name)
    {
        if (!NativeNames.IsValidName(name))
        {
            throw new ArgumentException($"'{name}' is not a single file name.", nameof(name));
        }

        return RunResolved(ResolveRoot(commit, subpath, name), parent, name);
    }

    private CheckoutResult RunResolved(DirectoryJob root, SafeDirectoryHandle parent, string name)
    {
        var clock = Stopwatch.StartNew();
        if (!NativeNames.IsValidName(name))
        {
            throw new ArgumentException($"'{name}' is not a single file name.", nameof(name));
        }

        _destinationParent = parent;
        if (!Options.Atomic)
        {
            Execute(root);
            return Result(name, clock.Elapsed);
        }

        // Build under a temporary sibling, then rename it into place without replacing anything.
        Span<byte> finalName = stackalloc byte[NativeNames.NameBufferSize];
        NativeNames.TryEncodeName(name, finalName);
        if (TargetIO.TryStat(parent, finalName, Interop.StatxType, out _) != Interop.Error.ENOENT)
        {
            throw new CheckoutException(string.Empty, $"The checkout destination '{name}' already exists.");
        }

        var temporary = $".{name}.checkout-{Random.Shared.Next():x8}";
        if (temporary.Length > NativeNames.MaxNameBytes)
        {
            temporary = $".checkout-{Random.Shared.Next():x8}";
        }

        var building = new DirectoryJob(null, temporary, root.Tree, root.Meta) { SelectedFiles = root.SelectedFiles };
        Span<byte> temporaryName = stackalloc byte[NativeNames.NameBufferSize];
        NativeNames.TryEncodeName(temporary, temporaryName);
        try
        {
            Execute(building);
            if (Options.Fsync)
            {
                TargetIO.SyncFilesystem(parent, name);
            }

            var error = TargetIO.TryRename(parent, temporaryName, parent, finalName, noReplace: true);
            if (error == Interop.Error.EEXIST)
            {
                throw new CheckoutException(string.Empty, $"The checkout destination '{name}' appeared while the checkout ran.");
            }

            if (error != 0)
            {
                Interop.ThrowForError(error, "renameat2", name);
            }
        }
        catch
        {
            TargetIO.RemoveTree(parent, temporaryName, () => temporary);
            throw;
        }

        if (Options.Fsync)
        {
            TargetIO.Fsync(parent, name);
        }

        return Result(name, clock.Elapsed);
    }

    private CheckoutResult Result(string destination, TimeSpan elapsed)
    {
        var total = new CheckoutCounters();
        foreach (var c in _counters)
        {
            total.Add(c);
        }

        return new CheckoutResult(destination, total, elapsed);
    }

    /// <summary>Finds the tree (or single file) that <see cref="CheckoutOptions.Subpath"/> names.</summary>
    private DirectoryJob ResolveRoot(in Checksum commitChecksum, string? requestedSubpath, string name)
    {
        var commit = _context.Source.ReadCommit(commitChecksum);
        var tree = commit.RootTree;
        var meta = commit.RootMeta;
        var subpath = requestedSubpath ?? "/";
        var parts = subpath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < parts.Length; i++)
        {
            var dirTree = _context.Source.ReadDirTree(tree);
            if (dirTree.TryGetDirectory(parts[i], out var directory))
            {
                tree = directory.TreeChecksum;
                meta = directory.MetaChecksum;
                continue;
            }

            if (i == parts.Length - 1 && dirTree.TryGetFile(parts[i], out var file))
            {
                return new DirectoryJob(null, name, tree, meta) { SelectedFiles = [file] };
            }

            throw new CheckoutException(string.Empty, $"Commit {commitChecksum} has no '{subpath}'.");
        }

        return new DirectoryJob(null, name, tree, meta);
    }

    /// <summary>Runs the walk from <paramref name="root"/> on the worker threads and waits for it to end.</summary>
    private void Execute(DirectoryJob root)
    {
        _finished = false;
        _failure = null;
        _counters.Clear(); // a run's result counts that run only, also when the engine is reused
        Push(new WorkItem(root));
        // Files of one directory need no helpers: only directories are shared out, and there are none.
        var threads = root.SelectedFiles is not null ? 1
            : Options.MaxDegreeOfParallelism == 0 ? Environment.ProcessorCount : Options.MaxDegreeOfParallelism;
        var workers = new Thread[threads - 1];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = new Thread(Work, maxStackSize: 1 << 20) { IsBackground = true, Name = "ostree-checkout" };
            workers[i].Start();
        }

        Work();
        foreach (var worker in workers)
        {
            worker.Join();
        }

        // After a failure, directories that were entered but not finished are still open.
        foreach (var job in _open)
        {
            job.Handle?.Dispose();
        }

        _open.Clear();
        _failure?.Throw();
    }

    private void Work()
    {
        var counters = new CheckoutCounters();
        lock (_lock)
        {
            _counters.Add(counters);
        }

        while (true)
        {
            WorkItem item;
            lock (_lock)
            {
                while (_work.Count == 0 && !_finished)
                {
                    Monitor.Wait(_lock);
                }

                if (_finished)
                {
                    return;
                }

                item = _work.Pop();
            }

            try
            {
                _cancellationToken.ThrowIfCancellationRequested();
                if (item.Files is null)
                {
                    ProcessDirectory(item.Directory, counters);
                }
                else
                {
                    ProcessFiles(item.Directory, item.Files, item.Start, item.Count, counters);
                    Complete(item.Directory);
                }
            }
            catch (Exception e)
            {
                lock (_lock)
                {
                    _failure ??= ExceptionDispatchInfo.Capture(e);
                    _finished = true;
                    Monitor.PulseAll(_lock);
                }

                return;
            }
        }
    }

    private void Push(WorkItem item)
    {
        lock (_lock)
        {
            _work.Push(item);
            Monitor.Pulse(_lock);
        }
    }

    /// <summary>One outstanding piece of <paramref name="job"/> is done; the last one finishes the directory.</summary>
    private void Complete(DirectoryJob job)
    {
        while (Interlocked.Decrement(ref job.Pending) == 0)
        {
            FinishDirectory(job);
            if (job.Parent is null)
            {
                lock (_lock)
                {
                    _finished = true;
                    Monitor.PulseAll(_lock);
                }

                return;
            }

            job = job.Parent;
        }
    }

    public void Dispose() => _context.Source.Dispose();

    /// <summary>A directory to create and fill, or a range of its files.</summary>
    private readonly struct WorkItem
    {
        public WorkItem(DirectoryJob directory) => Directory = directory;

        public WorkItem(DirectoryJob directory, DirTree files, int start, int count)
        {
            Directory = directory;
            Files = files;
            Start = start;
            Count = count;
        }

        public DirectoryJob Directory { get; }

        public DirTree? Files { get; }

        public int Start { get; }

        public int Count { get; }
    }
}
