using BatonClerk.Engine.Clerk;
using BatonClerk.Engine.Clerk.Models;

namespace BatonClerk.Engine.Sync.Pagers;

/// <summary>A page of an offset-paged list. PlannedEnd is the total known when it was planned.</summary>
public sealed record OffsetPage(string Pager, string Scope, long Offset, long? PlannedEnd) : PageRequest
{
    public override string Key => $"{Pager}:{Scope}:{Offset}";
}

/// <summary>
/// Offset paging that learns the total from the first page and then asks for every remaining page at once, so
/// they can run in parallel. Without a total, pages are walked one after another until a short page.
/// </summary>
public sealed class OffsetPager<T>(
    string name,
    int pageSize,
    IReadOnlyList<OffsetPage> initial,
    Func<string, PageQuery, CancellationToken, Task<ClerkPage<T>>> fetch,
    Func<string, IReadOnlyList<T>, PageOutcome> map,
    PagerMetrics metrics,
    Func<T, string>? idOf = null) : IPagerDefinition
{
    private readonly PageRepeatDetector _repeats = new();

    public string Name => name;

    public IReadOnlyList<PageRequest> InitialRequests => initial;

    public static OffsetPage First(string pager, string scope = "all") => new(pager, scope, 0, null);

    public async Task<PageOutcome> FetchAsync(PageRequest request, CancellationToken cancellationToken)
    {
        var page = (OffsetPage)request;
        var result = await fetch(page.Scope, new PageQuery(pageSize, checked((int)page.Offset)), cancellationToken).ConfigureAwait(false);
        if (idOf is not null && result.Items.Count > 0)
        {
            _repeats.Check(name, page.Scope, page.Offset, idOf(result.Items[0]), idOf(result.Items[^1]));
        }

        var plannedEnd = page.PlannedEnd;
        var followUps = new List<PageRequest>();
        if (page.Offset == 0 && plannedEnd is null && result.TotalCount is { } total)
        {
            metrics.AddExpected(total);
            plannedEnd = total;
            for (var offset = (long)pageSize; offset < total; offset += pageSize)
            {
                followUps.Add(page with { Offset = offset, PlannedEnd = total });
            }
        }

        // With a known total the plan already covers every page; only an unknown total walks on to the next page.
        var next = page.Offset + pageSize;
        if (result.Items.Count >= pageSize && plannedEnd is null)
        {
            followUps.Add(page with { Offset = next, PlannedEnd = null });
        }

        var mapped = map(page.Scope, result.Items);
        return mapped with { FollowUps = followUps, ItemCount = result.Items.Count };
    }
}
