using OsTree.Transport;

namespace OsTree.Cli;

/// <summary>
/// One self-rewriting status line (objects, bytes, rate) for a pull, written only when stdout is a terminal so that
/// scripts and logs get just the closing summary line. Reports arrive synchronously from the pull's threads.
/// </summary>
internal sealed class TerminalPullProgress : IProgress<PullProgress>
{
    private readonly Lock _lock = new();
    private int _width;

    private TerminalPullProgress()
    {
    }

    /// <summary>A reporter for the current process, or <see langword="null"/> when stdout is not a terminal.</summary>
    public static TerminalPullProgress? ForConsole() => Console.IsOutputRedirected ? null : new TerminalPullProgress();

    public void Report(PullProgress value)
    {
        var line = $"Receiving objects: {value.ObjectsFetched} fetched, {value.ObjectsPending} pending, "
            + $"{SizeText.Format(value.BytesTransferred)} at {SizeText.Format(value.BytesPerSecond)}/s";
        lock (_lock)
        {
            Console.Out.Write("\r" + line.PadRight(_width));
            _width = line.Length;
        }
    }

    /// <summary>Erases the status line before the closing summary is printed.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            Console.Out.Write("\r" + new string(' ', _width) + "\r");
            _width = 0;
        }
    }
}
