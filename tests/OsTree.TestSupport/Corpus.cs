namespace OsTree.TestSupport;

/// <summary>
/// The hostile-input corpus checked into <c>tests/corpus/</c> (see its README): one folder per class of input, every
/// file an input that its parser must refuse with a typed error while allocating a bounded amount of memory.
/// </summary>
public static class Corpus
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    /// <summary>The <c>tests/corpus</c> directory of the source tree the tests were built from.</summary>
    public static string Root => RootPath.Value;

    /// <summary>Every file of a corpus class (a folder of <c>tests/corpus</c>, searched recursively), sorted.</summary>
    /// <param name="corpusClass">The folder, e.g. <c>rpm</c> or <c>gvariant/dirtree</c>.</param>
    /// <returns>The full paths.</returns>
    public static IReadOnlyList<string> Files(string corpusClass)
    {
        var files = Directory.GetFiles(Path.Combine(Root, corpusClass), "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileName(f).StartsWith('.'))
            .Order(StringComparer.Ordinal)
            .ToArray();
        if (files.Length == 0)
        {
            throw new InvalidOperationException($"The corpus class {corpusClass} is empty.");
        }

        return files;
    }

    /// <summary>
    /// Runs <paramref name="parse"/> on one entry and returns why it failed the corpus contract (null if it kept it):
    /// it must throw an exception of type <typeparamref name="TExpected"/> (or a subclass), and allocate at most
    /// 4 MiB plus 16 bytes per input byte on this thread.
    /// </summary>
    /// <typeparam name="TExpected">The typed error the entry must be refused with.</typeparam>
    /// <param name="entry">The entry's path, for the message.</param>
    /// <param name="inputLength">The entry's size in bytes.</param>
    /// <param name="parse">Parses the entry.</param>
    /// <returns>A one-line description of the violation, or null.</returns>
    public static string? Check<TExpected>(string entry, long inputLength, Action parse)
        where TExpected : Exception
    {
        var name = Path.GetRelativePath(Root, entry);
        var limit = (4L << 20) + (16 * inputLength);
        var before = GC.GetAllocatedBytesForCurrentThread();
        Exception? caught = null;
        try
        {
            parse();
        }
#pragma warning disable CA1031 // Any exception is a result to classify here.
        catch (Exception e)
#pragma warning restore CA1031
        {
            caught = e;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        if (Environment.GetEnvironmentVariable("OSTREE_NET_CORPUS_LOG") is { Length: > 0 } log)
        {
            File.AppendAllText(log, $"{name}\t{allocated}\t{caught?.GetType().Name}\t{caught?.Message}\n");
        }

        if (caught is null)
        {
            return $"{name}: accepted";
        }

        if (caught is not TExpected)
        {
            return $"{name}: {caught.GetType().Name} instead of {typeof(TExpected).Name}: {caught.Message}";
        }

        return allocated > limit ? $"{name}: allocated {allocated} bytes (limit {limit})" : null;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "corpus");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("tests/corpus was not found above " + AppContext.BaseDirectory);
    }
}
