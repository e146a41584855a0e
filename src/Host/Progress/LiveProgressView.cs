using BatonClerk.Engine.Sync;
using Spectre.Console;

namespace BatonClerk.Host.Progress;

/// <summary>
/// The terminal view: a Spectre live region at the bottom of stderr. Log records reach the same console
/// (see Logging.AnsiConsoleSink), so Spectre prints them above the region, never on one of its lines.
/// </summary>
internal sealed class LiveProgressView : IProgressView
{
    private readonly RequestRate _rate = new();
    private readonly TaskCompletionSource _stop = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<LiveDisplayContext> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _lock = new();
    private readonly Task _running;
    private bool _finished;

    public LiveProgressView(IAnsiConsole console)
    {
        var live = new LiveDisplay(console, new Text("Starting sync…"))
            .AutoClear(false)
            .Overflow(VerticalOverflow.Ellipsis)
            .Cropping(VerticalOverflowCropping.Bottom);
        _running = live.StartAsync(async context =>
        {
            _started.TrySetResult(context);
            await _stop.Task.ConfigureAwait(false);
        });
        Task.WaitAny(_started.Task, _running);
        if (_running.IsFaulted)
        {
            _running.GetAwaiter().GetResult();
        }
    }

    public void Report(SyncProgress progress)
    {
        lock (_lock)
        {
            if (_finished)
            {
                return;
            }

            var context = _started.Task.Result;
            context.UpdateTarget(ProgressRenderer.Build(progress, _rate.Add(progress)));
            context.Refresh();
        }
    }

    public void Finish()
    {
        lock (_lock)
        {
            if (_finished)
            {
                return;
            }

            _finished = true;
        }

        _stop.TrySetResult();
        _running.GetAwaiter().GetResult();
    }
}
