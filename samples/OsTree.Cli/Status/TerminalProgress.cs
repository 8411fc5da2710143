using System.Diagnostics;
using OsTree.Packaging.Status;

namespace OsTree.Cli.Status;

/// <summary>
/// One line of progress on stderr, only when stderr is a terminal and only once the work has taken more than a
/// second: short runs and pipes see nothing.
/// </summary>
internal sealed class TerminalProgress : IProgress<SystemStatusProgress>, IDisposable
{
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly bool _enabled = !Console.IsErrorRedirected;
    private readonly Lock _lock = new();
    private TimeSpan _last = TimeSpan.MinValue;
    private bool _shown;

    public void Report(SystemStatusProgress value)
    {
        if (!_enabled || _clock.Elapsed < Delay)
        {
            return;
        }

        lock (_lock)
        {
            var now = _clock.Elapsed;
            if (now - _last < Interval)
            {
                return;
            }

            _last = now;
            var count = value.Total > 0 ? $"{value.Done}/{value.Total}" : $"{value.Done}";
            var noun = value.Stage switch
            {
                "space" => "entries walked",
                "restarts" => "processes read",
                _ => "deployments read",
            };
            Console.Error.Write($"\r\e[2K{value.Stage}: {count} {noun}");
            _shown = true;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_shown)
            {
                Console.Error.Write("\r\e[2K");
            }
        }
    }
}
