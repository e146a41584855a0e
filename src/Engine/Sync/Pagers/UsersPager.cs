using BatonClerk.Engine.Clerk;
using BatonClerk.Engine.Clerk.Models;

namespace BatonClerk.Engine.Sync.Pagers;

/// <summary>
/// /users has no total and gets slow at large offsets. Small instances are paged by offset in parallel; large ones
/// are split into created_at partitions, each walked with the starting_after cursor, partitions in parallel.
/// </summary>
/// <remarks>
/// Nothing the server does is taken on trust: every page is checked against what was asked. A server that ignores
/// the created_at filters is caught on the one probe page fetched with the bounds, before any partition starts, and
/// the plan falls back to offsets; rows past a partition's upper bound are dropped; a cursor that does not move the
/// walk forward falls back to offsets within its partition; a cursor whose user vanished restarts the walk at its
/// created_at; and a walk running far past the count stops.
/// </remarks>
internal sealed class UsersPager(
    Func<Func<IClerkApi, CancellationToken, Task<ClerkPage<ClerkUser>>>, CancellationToken, Task<ClerkPage<ClerkUser>>> listUsers,
    Func<UserCountQuery, CancellationToken, Task<long>> countUsers,
    UsersPagerSettings settings,
    Func<IReadOnlyList<ClerkUser>, PageOutcome> map,
    PagerMetrics metrics,
    Action<string> warn) : IPagerDefinition
{
    public const string PagerName = "users";

    private readonly PageRepeatDetector _repeats = new();
    private long _count = -1;
    private long _walked;
    private int _filtersIgnored;
    private int _partitions = -1;
    private int _beforeIgnoredWarned;
    private int _vanishedWarned;

    public string Name => PagerName;

    /// <summary>How the walk went, null before the count is known (a resumed run that never asked again).</summary>
    public string? Plan =>
        Volatile.Read(ref _filtersIgnored) != 0 ? "offsets (Clerk ignored the created_at filters)"
        : Volatile.Read(ref _partitions) switch
        {
            < 0 => null,
            0 => "offsets",
            1 => "one created_at partition with cursor",
            var n => $"created_at partitions ({n}) with cursor",
        };

    public IReadOnlyList<PageRequest> InitialRequests { get; } = [new UsersCount()];

    public Task<PageOutcome> FetchAsync(PageRequest request, CancellationToken cancellationToken) => request switch
    {
        UsersCount => CountAsync(cancellationToken),
        UsersBounds b => BoundsAsync(b, cancellationToken),
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
            Volatile.Write(ref _partitions, 0);
            return new PageOutcome { FollowUps = [new UsersOffset(CreatedRange.All, 0, null)] };
        }

        metrics.AddExpected(count);
        Interlocked.Exchange(ref _count, count);
        if (count > settings.CursorThreshold)
        {
            return new PageOutcome { FollowUps = [new UsersBounds { Count = count }] };
        }

        Volatile.Write(ref _partitions, 0);
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

    private async Task<PageOutcome> BoundsAsync(UsersBounds bounds, CancellationToken ct)
    {
        if (bounds.Count is { } known)
        {
            Interlocked.CompareExchange(ref _count, known, -1);
        }

        // Both ends at once: neither depends on the other, and every round trip before the partitions start is one the
        // first rate-limit window spends waiting (and, the windows being sliding, every later window too).
        var oldestTask = listUsers((api, c) => api.ListUsersAsync(new UserListQuery(1, 0, "+created_at"), c), ct);
        var newestTask = listUsers((api, c) => api.ListUsersAsync(new UserListQuery(1, 0, "-created_at"), c), ct);
        await Task.WhenAll(oldestTask, newestTask).ConfigureAwait(false);
        var oldest = await oldestTask.ConfigureAwait(false);
        var newest = await newestTask.ConfigureAwait(false);
        if (oldest.Items.Count == 0 || newest.Items.Count == 0)
        {
            Volatile.Write(ref _partitions, 0);
            return new PageOutcome { FollowUps = [new UsersOffset(CreatedRange.All, 0, null)] };
        }

        var partitions = CreatedPartitions.Split(oldest.Items[0].CreatedAt, newest.Items[0].CreatedAt, settings.Partitions);
        Volatile.Write(ref _partitions, partitions.Count);
        if (partitions.Count == 1)
        {
            return new PageOutcome { FollowUps = [new UsersCursor(partitions[0], 0, null)] };
        }

        // The newest partition's first page doubles as the probe: a server that ignores created_at_after answers
        // it with the instance's oldest users. One request then tells, before any partition walks the instance; the
        // other partitions start once it has passed, before it is mapped.
        var probe = new UsersCursor(partitions[^1], 0, null);
        return await CursorAsync(probe, ct, [.. partitions.Take(partitions.Count - 1).Select(r => new UsersCursor(r, 0, null))]).ConfigureAwait(false);
    }

    private async Task<PageOutcome> OffsetAsync(UsersOffset page, CancellationToken ct)
    {
        if (page.Range != CreatedRange.All && Volatile.Read(ref _filtersIgnored) != 0)
        {
            return PageOutcome.Empty;
        }

        var query = new UserListQuery(settings.PageSize, checked((int)page.Offset))
        {
            CreatedAtAfter = page.Range.After,
            CreatedAtBefore = page.Range.Before,
        };
        var result = await listUsers((api, c) => api.ListUsersAsync(query, c), ct).ConfigureAwait(false);
        if (result.Items.Any(u => !page.Range.Contains(u.CreatedAt)))
        {
            return FallBackToOffsets(page.Range);
        }

        if (result.Items.Count > 0)
        {
            _repeats.Check(PagerName, page.Range.ToString(), page.Offset, result.Items[0].Id, result.Items[^1].Id);
        }

        var next = page.Offset + settings.PageSize;
        var walking = result.Items.Count >= settings.PageSize && page.PlannedEnd is null;
        if (walking)
        {
            CheckOverrun(result.Items.Count);
        }

        var followUps = walking ? new PageRequest[] { page with { Offset = next, PlannedEnd = null } } : [];
        EarlyFollowUps.Issue(followUps);
        return map(result.Items) with { FollowUps = followUps, ItemCount = result.Items.Count };
    }

    /// <param name="alongside">Requests to issue with this page's own follow-up once the page has passed its checks.</param>
    private async Task<PageOutcome> CursorAsync(UsersCursor step, CancellationToken ct, IReadOnlyList<PageRequest>? alongside = null)
    {
        if (Volatile.Read(ref _filtersIgnored) != 0)
        {
            return PageOutcome.Empty;
        }

        var query = new UserListQuery(settings.PageSize, 0, "+created_at")
        {
            StartingAfter = step.StartingAfter,
            CreatedAtAfter = step.Range.After,
            CreatedAtBefore = step.Range.Before,
        };
        ClerkPage<ClerkUser> result;
        try
        {
            result = await listUsers((api, c) => api.ListUsersAsync(query, c), ct).ConfigureAwait(false);
        }
        catch (ClerkApiException e) when (IsVanishedCursor(step, e))
        {
            return Resume(step);
        }

        var items = result.Items;
        if (step.StartingAfter is { } cursor && (items.Any(u => u.Id == cursor) || items.Any(u => u.CreatedAt < step.CursorCreatedAt)))
        {
            // A server that ignores starting_after hands back the partition's first page again: walk the rest by offset.
            warn($"Clerk ignored the starting_after cursor; paging users created in {step.Range} by offset instead.");
            var fallback = new UsersOffset(step.Range, (long)step.PageIndex * settings.PageSize, null);
            return new PageOutcome { FollowUps = [fallback] };
        }

        if (step.Range.After is { } after && items.Any(u => u.CreatedAt < after))
        {
            return FallBackToOffsets(step.Range);
        }

        var full = items.Count >= settings.PageSize;
        if (step.Range.Before is { } before && items.Any(u => u.CreatedAt > before))
        {
            // Rows are in created_at order, so the partition ends here; what lies past it belongs to the next one.
            if (Interlocked.Exchange(ref _beforeIgnoredWarned, 1) == 0)
            {
                warn("Clerk returned users past the created_at_before filter; they are left to the partition they belong to.");
            }

            items = [.. items.Where(u => u.CreatedAt <= before)];
            full = false;
        }

        if (full)
        {
            CheckOverrun(items.Count);
        }

        IReadOnlyList<PageRequest> followUps = full
            ? [.. alongside ?? [], new UsersCursor(step.Range, step.PageIndex + 1, items[^1].Id) { CursorCreatedAt = items[^1].CreatedAt }]
            : alongside ?? [];

        // The walk goes on while this page is mapped: its next cursor is known.
        EarlyFollowUps.Issue(followUps);
        return map(items) with { FollowUps = followUps, ItemCount = items.Count };
    }

    // Clerk does not document what a cursor naming a deleted user does; a 4xx about it must not fail the sync.
    private static bool IsVanishedCursor(UsersCursor step, ClerkApiException e) =>
        step.StartingAfter is not null && step.CursorCreatedAt is not null
        && e.Kind is ClerkErrorKind.NotFound or ClerkErrorKind.InvalidRequest
        && e.ParameterName is null or "starting_after";

    private PageOutcome Resume(UsersCursor step)
    {
        if (Interlocked.Exchange(ref _vanishedWarned, 1) == 0)
        {
            warn($"Clerk rejected the starting_after cursor {step.StartingAfter} (the user was probably deleted during the sync); the walk continues from its created_at.");
        }

        // From the cursor's own millisecond on: rows already stored come again and are stored once.
        var range = step.Range with { After = step.CursorCreatedAt - 1 };
        return new PageOutcome { FollowUps = [new UsersCursor(range, step.PageIndex, null)] };
    }

    private PageOutcome FallBackToOffsets(CreatedRange range)
    {
        if (Interlocked.Exchange(ref _filtersIgnored, 1) != 0)
        {
            return PageOutcome.Empty;
        }

        var count = Interlocked.Read(ref _count);
        warn($"Clerk ignored the created_at filters on /users (rows outside {range} came back); paging all users by offset instead.");
        return new PageOutcome { FollowUps = count >= 0 ? OffsetPlan(CreatedRange.All, count) : [new UsersOffset(CreatedRange.All, 0, null)] };
    }

    // Walks without a planned end stop on a short page; a server that never sends one is stopped here instead.
    private void CheckOverrun(int items)
    {
        var walked = Interlocked.Add(ref _walked, items);
        var count = Interlocked.Read(ref _count);
        var bound = (2 * count) + (2L * settings.PageSize * Math.Max(1, settings.Partitions));
        if (count >= 0 && walked > bound)
        {
            throw new PagingOverrunException(
                $"Clerk counted {count} users but the walk has already returned {walked}: the sync stops instead of paging without end.");
        }
    }
}

internal sealed record UsersPagerSettings(int PageSize, long CursorThreshold, int Partitions);
