using BatonClerk.Engine.Clerk;
using BatonClerk.Engine.Clerk.Models;

namespace BatonClerk.Engine.Sync.Pagers;

/// <summary>
/// /users has no total and gets slow at large offsets. Small instances are paged by offset in parallel; large ones
/// are split into created_at partitions, each walked with the starting_after cursor, partitions in parallel.
/// </summary>
public sealed class UsersPager(
    Func<Func<IClerkApi, CancellationToken, Task<ClerkPage<ClerkUser>>>, CancellationToken, Task<ClerkPage<ClerkUser>>> listUsers,
    Func<UserCountQuery, CancellationToken, Task<long>> countUsers,
    UsersPagerSettings settings,
    Func<IReadOnlyList<ClerkUser>, PageOutcome> map,
    PagerMetrics metrics,
    Action<string> warn) : IPagerDefinition
{
    public const string PagerName = "users";

    private readonly PageRepeatDetector _repeats = new();

    public string Name => PagerName;

    public IReadOnlyList<PageRequest> InitialRequests { get; } = [new UsersCount()];

    public Task<PageOutcome> FetchAsync(PageRequest request, CancellationToken cancellationToken) => request switch
    {
        UsersCount => CountAsync(cancellationToken),
        UsersBounds => BoundsAsync(cancellationToken),
        UsersOffset o => OffsetAsync(o, cancellationToken),
        UsersCursor c => CursorAsync(c, cancellationToken),
        _ => throw new ArgumentException($"Not a users request: {request.Key}", nameof(request)),
    };

    private async Task<PageOutcome> CountAsync(CancellationToken ct)
    {
        var count = await countUsers(new UserCountQuery(), ct).ConfigureAwait(false);
        if (count < 0)
        {
            // No usable count: walk by offset until a short page.
            return new PageOutcome { FollowUps = [new UsersOffset(CreatedRange.All, 0, null)] };
        }

        metrics.AddExpected(count);
        if (count > settings.CursorThreshold)
        {
            return new PageOutcome { FollowUps = [new UsersBounds()] };
        }

        return new PageOutcome { FollowUps = OffsetPlan(CreatedRange.All, count) };
    }

    private List<PageRequest> OffsetPlan(CreatedRange range, long count)
    {
        var plan = new List<PageRequest> { new UsersOffset(range, 0, count) };
        for (var offset = (long)settings.PageSize; offset < count; offset += settings.PageSize)
        {
            plan.Add(new UsersOffset(range, offset, count));
        }

        return plan;
    }

    private async Task<PageOutcome> BoundsAsync(CancellationToken ct)
    {
        var oldest = await listUsers((api, c) => api.ListUsersAsync(new UserListQuery(1, 0, "+created_at"), c), ct).ConfigureAwait(false);
        var newest = await listUsers((api, c) => api.ListUsersAsync(new UserListQuery(1, 0, "-created_at"), c), ct).ConfigureAwait(false);
        if (oldest.Items.Count == 0 || newest.Items.Count == 0)
        {
            return new PageOutcome { FollowUps = [new UsersOffset(CreatedRange.All, 0, null)] };
        }

        var partitions = CreatedPartitions.Split(oldest.Items[0].CreatedAt, newest.Items[0].CreatedAt, settings.Partitions);
        return new PageOutcome { FollowUps = [.. partitions.Select(r => new UsersCursor(r, 0, null))] };
    }

    private async Task<PageOutcome> OffsetAsync(UsersOffset page, CancellationToken ct)
    {
        var query = new UserListQuery(settings.PageSize, checked((int)page.Offset))
        {
            CreatedAtAfter = page.Range.After,
            CreatedAtBefore = page.Range.Before,
        };
        var result = await listUsers((api, c) => api.ListUsersAsync(query, c), ct).ConfigureAwait(false);
        if (result.Items.Count > 0)
        {
            _repeats.Check(PagerName, page.Range.ToString(), page.Offset, result.Items[0].Id, result.Items[^1].Id);
        }

        var next = page.Offset + settings.PageSize;
        var followUps = result.Items.Count >= settings.PageSize && page.PlannedEnd is null
            ? new PageRequest[] { page with { Offset = next, PlannedEnd = null } }
            : [];
        return map(result.Items) with { FollowUps = followUps, ItemCount = result.Items.Count };
    }

    private async Task<PageOutcome> CursorAsync(UsersCursor step, CancellationToken ct)
    {
        var query = new UserListQuery(settings.PageSize, 0, "+created_at")
        {
            StartingAfter = step.StartingAfter,
            CreatedAtAfter = step.Range.After,
            CreatedAtBefore = step.Range.Before,
        };
        var result = await listUsers((api, c) => api.ListUsersAsync(query, c), ct).ConfigureAwait(false);
        if (step.StartingAfter is { } cursor && result.Items.Any(u => u.Id == cursor))
        {
            // A server that ignores starting_after hands back the partition's first page again: walk the rest by offset.
            warn($"Clerk ignored the starting_after cursor; paging users created in {step.Range} by offset instead.");
            var fallback = new UsersOffset(step.Range, (long)step.PageIndex * settings.PageSize, null);
            return new PageOutcome { FollowUps = [fallback] };
        }

        var followUps = result.Items.Count >= settings.PageSize
            ? new PageRequest[] { new UsersCursor(step.Range, step.PageIndex + 1, result.Items[^1].Id) }
            : [];
        return map(result.Items) with { FollowUps = followUps, ItemCount = result.Items.Count };
    }
}

public sealed record UsersPagerSettings(int PageSize, long CursorThreshold, int Partitions);
