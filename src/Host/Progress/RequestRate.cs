using BatonClerk.Engine.Sync;

namespace BatonClerk.Host.Progress;

/// <summary>
/// Requests per second over Clerk's 10 s window, the span the budget is counted in: a burst the window allows never
/// reads as more than the budget, and one idle tick does not read as zero.
/// </summary>
internal sealed class RequestRate
{
    private static readonly TimeSpan Window = Engine.Sync.Gate.RateBudget.ClerkWindow;
    private readonly Queue<(TimeSpan Elapsed, long Requests)> _samples = new();

    public double Add(SyncProgress progress)
    {
        _samples.Enqueue((progress.Elapsed, progress.Requests));
        while (_samples.Count > 2 && progress.Elapsed - _samples.Peek().Elapsed > Window)
        {
            _samples.Dequeue();
        }

        var (firstElapsed, firstRequests) = _samples.Peek();
        // Before a whole window has passed, the requests so far are spread over the first window.
        if (progress.Elapsed <= Window)
        {
            return progress.Requests / Window.TotalSeconds;
        }

        var seconds = Math.Max((progress.Elapsed - firstElapsed).TotalSeconds, Window.TotalSeconds);
        return (progress.Requests - firstRequests) / seconds;
    }
}
