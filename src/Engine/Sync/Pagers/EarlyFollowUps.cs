namespace BatonClerk.Engine.Sync.Pagers;

/// <summary>
/// INTERNAL API. Lets a page hand its pager the requests it revealed (an offset list's remaining pages, known from
/// its total) before its own mapping is done, when that mapping has to wait for another endpoint: the pages are
/// fetched meanwhile instead of after the wait. Set by the pager for its pages' async flows; outside one, a page's
/// follow-ups go with its outcome as usual.
/// </summary>
internal static class EarlyFollowUps
{
    private static readonly AsyncLocal<Action<IReadOnlyList<PageRequest>>?> s_current = new();

    public static Action<IReadOnlyList<PageRequest>>? Current
    {
        get => s_current.Value;
        set => s_current.Value = value;
    }

    /// <summary>Issues <paramref name="requests"/> now if this flow's pager takes them early.</summary>
    public static void Issue(IReadOnlyList<PageRequest> requests)
    {
        if (requests.Count > 0)
        {
            s_current.Value?.Invoke(requests);
        }
    }
}
