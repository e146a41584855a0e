using BatonClerk.Engine.Clerk;
using BatonClerk.Engine.Clerk.Models;

namespace BatonClerk.Engine.Sync.Pagers;

/// <summary>A page of an offset-paged list. PlannedEnd is the total known when it was planned.</summary>
internal sealed record OffsetPage(string Pager, string Scope, long Offset, long? PlannedEnd) : PageRequest
{
    public override string Key => $"{Pager}:{Scope}:{Offset}";

    /// <summary>The first page of a list whose total is not known yet: its total plans the rest of the list.</summary>
    public override bool Plans => Offset == 0 && PlannedEnd is null;
}

/// <summary>
/// Offset paging that learns the total from the first page and then asks for every remaining page at once, so
/// they can run in parallel. Without a total, pages are walked one after another until a short page. A page's
/// follow-ups are issued before it is mapped; a list whose mapping needs another endpoint's results first waits in
/// <c>beforeMap</c>.
/// </summary>
internal sealed class OffsetPager<T>(
    string name,
    int pageSize,
    IReadOnlyList<OffsetPage> initial,
    Func<string, PageQuery, CancellationToken, Task<ClerkPage<T>>> fetch,
    Func<string, IReadOnlyList<T>, PageOutcome> map,
    PagerMetrics metrics,
    Func<T, string>? idOf = null,
    Func<CancellationToken, ValueTask>? beforeMap = null) : IPagerDefinition
{
    private readonly PageRepeatDetector _repeats = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _announced = new(StringComparer.Ordinal);

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

        if (page.Offset == 0 && result.AnnouncedTotal is { } announced)
        {
            _announced[page.Scope] = announced;
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
            CheckOverrun(page, result.Items.Count);
            followUps.Add(page with { Offset = next, PlannedEnd = null });
        }

        // The rest of the list is asked for before this page is mapped (and while its mapping waits for another
        // endpoint, if it has to).
        EarlyFollowUps.Issue(followUps);
        if (beforeMap is not null)
        {
            await beforeMap(cancellationToken).ConfigureAwait(false);
        }

        var mapped = map(page.Scope, result.Items);
        return mapped with { FollowUps = followUps, ItemCount = result.Items.Count };
    }

    // A total that the pages contradict leaves only "walk until a short page", which a broken server can keep
    // answering for ever. Twice the announced total plus two pages is far past any honest growth during a sync.
    private void CheckOverrun(OffsetPage page, int items)
    {
        if (_announced.TryGetValue(page.Scope, out var announced) && page.Offset + items > (2 * announced) + (2L * pageSize))
        {
            throw new PagingOverrunException(
                $"Clerk announced {announced} {name}{(page.Scope == "all" ? "" : " in " + page.Scope)} but keeps sending full pages ({page.Offset + items} rows so far): the sync stops instead of paging without end.");
        }
    }
}
