using BatonClerk.Engine.Sync.Gate;

namespace BatonClerk.Engine.Tests.Sync.Gate;

public sealed class PageWorkTurnsTests
{
    [Fact]
    public async Task WaitAsync_AllSlotsBusy_ServesWaitingPagesByPriorityThenArrival()
    {
        var turns = new PageWorkTurns(1);
        using var first = turns.ForPage(GatePriority.Resources);
        await first.WaitAsync(CancellationToken.None);

        var order = new List<string>();
        var users = Take(turns.ForPage(GatePriority.Resources), "users", order);
        var grantsA = Take(turns.ForPage(GatePriority.Grants), "grants-a", order);
        var grantsB = Take(turns.ForPage(GatePriority.Grants), "grants-b", order);
        await Task.Delay(50);
        Assert.Empty(order);

        first.Release();
        await Task.WhenAll(users, grantsA, grantsB).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(["grants-a", "grants-b", "users"], order);
        Assert.Equal(0, turns.Busy);
    }

    [Fact]
    public async Task WaitAsync_HeldTurn_IsNotTakenTwiceAndIsGivenBackOnce()
    {
        var turns = new PageWorkTurns(2);
        var page = turns.ForPage(GatePriority.Grants);
        await page.WaitAsync(CancellationToken.None);
        await page.WaitAsync(CancellationToken.None);
        Assert.Equal(1, turns.Busy);
        page.Release();
        page.Dispose();
        Assert.Equal(0, turns.Busy);
    }

    [Fact]
    public async Task WaitAsync_Cancelled_NeverTakesTheSlotLater()
    {
        var turns = new PageWorkTurns(1);
        using var holder = turns.ForPage(GatePriority.Prerequisite);
        await holder.WaitAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        using var cancelled = turns.ForPage(GatePriority.Grants);
        var wait = cancelled.WaitAsync(cancel.Token).AsTask();
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);

        using var next = turns.ForPage(GatePriority.Resources);
        var nextWait = next.WaitAsync(CancellationToken.None).AsTask();
        holder.Release();
        await nextWait.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(1, turns.Busy);
    }

    private static async Task Take(PageTurn turn, string name, List<string> order)
    {
        await turn.WaitAsync(CancellationToken.None);
        lock (order)
        {
            order.Add(name);
        }

        // Holds the slot briefly, so the next waiter can only start after this one is done.
        await Task.Delay(10);
        turn.Dispose();
    }
}
