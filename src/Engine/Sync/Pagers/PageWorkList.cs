namespace BatonClerk.Engine.Sync.Pagers;

/// <summary>
/// INTERNAL API. One endpoint's work list: the page requests it has issued and which of them are stored. The
/// supervisor owns it and hands it to each pager it starts for the endpoint, so a replacement pager (after a
/// transient failure, or in a resumed run) fetches only what was issued and not yet stored.
/// </summary>
internal sealed class PageWorkList
{
    private readonly object _lock = new();
    private readonly Dictionary<string, PageRequest> _issued = new(StringComparer.Ordinal);
    private readonly HashSet<string> _stored = new(StringComparer.Ordinal);

    public bool Started
    {
        get
        {
            lock (_lock)
            {
                return _issued.Count > 0;
            }
        }
    }

    public int IssuedCount
    {
        get
        {
            lock (_lock)
            {
                return _issued.Count;
            }
        }
    }

    /// <summary>Records requests; returns those not seen before, so a repeated follow-up is fetched once.</summary>
    public IReadOnlyList<PageRequest> Issue(IEnumerable<PageRequest> requests)
    {
        lock (_lock)
        {
            return [.. requests.Where(r => _issued.TryAdd(r.Key, r))];
        }
    }

    /// <summary>Rebuilds the progress a killed run had saved: what it had issued and what it had stored.</summary>
    public static PageWorkList Restore(IEnumerable<PageRequest> issued, IEnumerable<string> stored)
    {
        var progress = new PageWorkList();
        progress.Issue(issued);
        foreach (var key in stored)
        {
            progress.MarkStored(key);
        }

        return progress;
    }

    public void MarkStored(string key)
    {
        lock (_lock)
        {
            _stored.Add(key);
        }
    }

    public IReadOnlyList<PageRequest> Pending()
    {
        lock (_lock)
        {
            return [.. _issued.Values.Where(r => !_stored.Contains(r.Key))];
        }
    }
}
