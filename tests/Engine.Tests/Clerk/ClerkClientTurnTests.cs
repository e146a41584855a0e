using BatonClerk.Engine.Clerk;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace BatonClerk.Engine.Tests.Clerk;

/// <summary>How the client takes its caller's turn for the CPU work of a page (<see cref="ResponseTurn"/>).</summary>
public sealed class ClerkClientTurnTests : IDisposable
{
    private readonly ClerkStub _stub = new();

    public void Dispose() => _stub.Dispose();

    [Fact]
    public async Task ListUsersAsync_TurnSlowerThanTheAttemptTimeout_WaitsOutsideItAndSucceedsOnce()
    {
        _stub.Server.Given(Request.Create().WithPath("/v1/users")).RespondWith(Response.Create().WithStatusCode(200).WithBody("""[{"id":"user_1","created_at":1}]"""));
        using var client = _stub.Client(maxRetries: 2, attemptTimeout: TimeSpan.FromMilliseconds(300));
        var turn = new RecordingTurn(_stub.Gate, TimeSpan.FromMilliseconds(900));

        var page = await WithTurn(turn, () => client.ListUsersAsync(new UserListQuery(10, 0, "+created_at"), CancellationToken.None));

        // The answer was in: waiting for our own cores is not the server being slow, so nothing is asked again.
        Assert.Equal("user_1", Assert.Single(page.Items).Id);
        Assert.Single(_stub.Logged(1));
    }

    [Fact]
    public async Task ListUsersAsync_WithATurn_GivesItBackBeforeAskingAndTakesItOnceTheBodyIsIn()
    {
        _stub.Server.Given(Request.Create().WithPath("/v1/users")).RespondWith(Response.Create().WithStatusCode(200).WithBody("[]"));
        using var client = _stub.Client();
        var turn = new RecordingTurn(_stub.Gate, TimeSpan.Zero);

        await WithTurn(turn, () => client.ListUsersAsync(new UserListQuery(10, 0, "+created_at"), CancellationToken.None));

        // Permits the gate had given when each happened: released before the request's permit, waited after it.
        Assert.Equal(["release at 0", "wait at 1"], turn.Events);
    }

    private static async Task<T> WithTurn<T>(IResponseTurn turn, Func<Task<T>> call)
    {
        ResponseTurn.Current = turn;
        try
        {
            return await call();
        }
        finally
        {
            ResponseTurn.Current = null;
        }
    }

    private sealed class RecordingTurn(CountingGate gate, TimeSpan wait) : IResponseTurn
    {
        public List<string> Events { get; } = [];

        public async ValueTask WaitAsync(CancellationToken cancellationToken)
        {
            Events.Add($"wait at {gate.Count}");
            await Task.Delay(wait, cancellationToken);
        }

        public void Release() => Events.Add($"release at {gate.Count}");
    }
}
