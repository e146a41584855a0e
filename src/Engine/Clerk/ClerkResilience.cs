using Polly;
using Polly.Retry;

namespace BatonClerk.Engine.Clerk;

/// <summary>The retry and per-attempt timeout pipelines of <see cref="ClerkClient"/>.</summary>
internal static class ClerkResilience
{
    public static ResiliencePipeline Retry(ClerkClientOptions options)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = options.TimeProvider };
        if (options.MaxRetryAttempts == 0)
        {
            return builder.Build();
        }

        return builder.AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = options.MaxRetryAttempts,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.RetryBaseDelay,
            MaxDelay = options.MaxRetryDelay,
            ShouldHandle = args => ValueTask.FromResult(
                args.Outcome.Exception is ClerkApiException { IsRetriedByClient: true }),

            // A 503 that names its own wait knows better than our backoff, within the cap.
            DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(
                args.Outcome.Exception is ClerkApiException { RetryAfter: { } wait }
                    ? (wait > options.MaxRetryDelay ? options.MaxRetryDelay : wait)
                    : null),
        }).Build();
    }

    /// <summary>Builds and drops both pipelines, so that the first client's are built without the first-time cost.</summary>
    public static void WarmUp()
    {
        var defaults = new ClerkClientOptions();
        Retry(defaults);
        AttemptTimeout(defaults);
    }

    public static ResiliencePipeline AttemptTimeout(ClerkClientOptions options) =>
        new ResiliencePipelineBuilder { TimeProvider = options.TimeProvider }
            .AddTimeout(options.AttemptTimeout)
            .Build();
}
