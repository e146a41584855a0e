using BatonClerk.Engine.Sync;

namespace BatonClerk.Engine.Tests.Sync;

public sealed class ClerkSyncOptionsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("baton-clerk-options-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void TryValidate_SeveralProblems_ListsEveryOneNamingItsSetting()
    {
        var options = new ClerkSyncOptions
        {
            SecretKey = "sk_test_abc",
            ApiUrl = "http://10.1.2.3/v1",
            OutputPath = Path.Combine(_dir, "out.c1z"),
            RateLimitShare = 2,
            Parallelism = 0,
            AttemptTimeout = TimeSpan.FromSeconds(SyncDefaults.MaxAttemptTimeoutSeconds + 1),
        };

        Assert.False(options.TryValidate(out var validated, out var problems));

        Assert.Null(validated);
        Assert.Equal(4, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("clerk-api-url ", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("rate-limit-share ", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("parallelism ", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("http-timeout-seconds ", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_AttemptTimeoutAtTheBound_IsAcceptedByTheClientToo()
    {
        var options = new ClerkSyncOptions
        {
            SecretKey = "sk_test_abc",
            OutputPath = Path.Combine(_dir, "out.c1z"),
            AttemptTimeout = SyncDefaults.MaxAttemptTimeout,
        };

        var validated = options.Validate();
        var request = SyncRequestFactory.Create(validated, new TaskCompletionSource<SyncSummary>(), null);
        // The client checks its own options when built: the bound it enforces is the one the options were checked against.
        (request.ApiFactory(null!) as IDisposable)?.Dispose();

        Assert.Equal(SyncDefaults.MaxAttemptTimeout, validated.AttemptTimeout);
    }

    [Theory]
    [InlineData("sk_live_abc", null, null, SyncDefaults.Parallelism)] // half of 1000 per 10 s: 50/s
    [InlineData("sk_test_abc", null, null, SyncDefaults.SmallBudgetParallelism)] // half of 100 per 10 s: 5/s
    [InlineData("sk_live_abc", 20.0, null, SyncDefaults.SmallBudgetParallelism)]
    [InlineData("sk_live_abc", 20.1, null, SyncDefaults.Parallelism)]
    [InlineData("sk_test_abc", null, 16, 16)] // configured: kept whatever the budget
    [InlineData("sk_live_abc", null, 48, 48)]
    public void Validate_Parallelism_ConfiguredOrChosenFromTheBudget(string key, double? requestsPerSecond, int? configured, int expected)
    {
        var options = new ClerkSyncOptions
        {
            SecretKey = key, OutputPath = Path.Combine(_dir, "out.c1z"), RequestsPerSecond = requestsPerSecond, Parallelism = configured,
        };

        Assert.Equal(expected, options.Validate().Settings.Parallelism);
    }

    [Fact]
    public void Validate_LaterChangesToTheOptions_DoNotReachTheValidatedSnapshot()
    {
        var options = new ClerkSyncOptions { SecretKey = "sk_test_abc", OutputPath = Path.Combine(_dir, "out.c1z"), Parallelism = 4 };

        var validated = options.Validate();
        options.Parallelism = 0;
        options.OutputPath = "/nonexistent/x.c1z";

        Assert.Equal(4, validated.Settings.Parallelism);
        Assert.Equal(Path.Combine(_dir, "out.c1z"), validated.OutputPath);
    }
}
