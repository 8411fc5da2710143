namespace OsTree.Transport;

/// <summary>Reports a pull's counters to an <see cref="IProgress{T}"/> on a timer, and once more at the end.</summary>
internal sealed class ProgressReporter : IDisposable
{
    private readonly IProgress<PullProgress>? _progress;
    private readonly PullCounters _counters;
    private readonly Timer? _timer;

    internal ProgressReporter(IProgress<PullProgress>? progress, TimeSpan interval, PullCounters counters)
    {
        _progress = progress;
        _counters = counters;
        if (progress is not null)
        {
            var period = interval > TimeSpan.Zero ? interval : TimeSpan.FromMilliseconds(250);
            _timer = new Timer(static state => ((ProgressReporter)state!).Report(), this, period, period);
        }
    }

    /// <summary>Reports the final counters and stops the timer.</summary>
    /// <returns>The final snapshot.</returns>
    internal PullProgress Finish()
    {
        _timer?.Dispose();
        var snapshot = _counters.Snapshot();
        _progress?.Report(snapshot);
        return snapshot;
    }

    /// <inheritdoc/>
    public void Dispose() => _timer?.Dispose();

    private void Report() => _progress?.Report(_counters.Snapshot());
}
