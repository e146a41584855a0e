using BatonClerk.Engine.Clerk;
using BatonClerk.Engine.Sync.Gate;

namespace BatonClerk.Engine.Sync;

/// <summary>
/// Runs Clerk calls for the pagers. A 429 is not an error: it pauses the shared gate for Retry-After and the call
/// is made again, for as long as the sync is not cancelled.
/// </summary>
internal sealed class ClerkCalls(IClerkApi api, GateClient gate, SyncMetrics metrics)
{
    public async Task<T> RunAsync<T>(Func<IClerkApi, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                var result = await call(api, cancellationToken).ConfigureAwait(false);
                metrics.ResponseReceived();
                return result;
            }
            catch (ClerkApiException e) when (e.Kind == ClerkErrorKind.RateLimited && !cancellationToken.IsCancellationRequested)
            {
                Diagnostics.EngineTelemetry.RateLimited.Add(1);
                gate.ReportRateLimited(e.RetryAfter);
            }
        }
    }
}
