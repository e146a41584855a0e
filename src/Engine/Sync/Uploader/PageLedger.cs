namespace BatonClerk.Engine.Sync.Uploader;

/// <summary>
/// The uploader's own account of a sync: every page request ever planned (initial requests and the follow-ups
/// that stored pages revealed), every page stored, and every pager that declared itself finished. It is built from
/// the very entries the store persists, so a resumed run proves completeness from the same record a fresh one does,
/// whatever order the actors' messages arrived in.
/// </summary>
internal sealed class PageLedger
{
    private readonly Dictionary<string, HashSet<string>> _planned = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _stored = new(StringComparer.Ordinal);
    private readonly HashSet<string> _finished = new(StringComparer.Ordinal);

    /// <summary>Takes in resume entries as they are saved (or loaded): planned requests, stored pages, finished pagers.</summary>
    public void Record(IEnumerable<KeyValuePair<string, string>> entries)
    {
        foreach (var (key, _) in entries)
        {
            if (Split(key, ResumeEntries.RequestPrefix) is { } planned)
            {
                Set(_planned, planned.Pager).Add(planned.Page);
            }
            else if (Split(key, ResumeEntries.StoredPrefix) is { } stored)
            {
                Set(_stored, stored.Pager).Add(stored.Page);
            }
            else if (key.StartsWith(ResumeEntries.CompletePrefix, StringComparison.Ordinal))
            {
                _finished.Add(key[ResumeEntries.CompletePrefix.Length..]);
            }
        }
    }

    /// <summary>Pages planned and stored, per pager that planned any.</summary>
    public IReadOnlyDictionary<string, PageCount> Counts()
    {
        var counts = new SortedDictionary<string, PageCount>(StringComparer.Ordinal);
        foreach (var (pager, planned) in _planned)
        {
            var stored = _stored.TryGetValue(pager, out var s) ? s : [];
            counts[pager] = new PageCount(planned.Count, planned.Count(stored.Contains));
        }

        return counts;
    }

    /// <summary>
    /// Why the sync may not be published yet, or null when every required pager has finished and every page it ever
    /// planned is stored.
    /// </summary>
    public string? Incompleteness(IReadOnlyCollection<string> requiredPagers)
    {
        var problems = new List<string>();
        var counts = Counts();
        foreach (var pager in requiredPagers.Order(StringComparer.Ordinal))
        {
            var count = counts.TryGetValue(pager, out var c) ? c : new PageCount(0, 0);
            if (!_finished.Contains(pager))
            {
                problems.Add($"{pager} never finished ({count.Stored} of {count.Planned} planned pages stored)");
            }
            else if (count.Stored < count.Planned)
            {
                problems.Add($"{pager} stored {count.Stored} of {count.Planned} planned pages");
            }
        }

        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    private static (string Pager, string Page)? Split(string key, string prefix)
    {
        if (!key.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var parts = key[prefix.Length..].Split('|', 2);
        return parts.Length == 2 ? (parts[0], parts[1]) : null;
    }

    private static HashSet<string> Set(Dictionary<string, HashSet<string>> map, string pager)
    {
        if (!map.TryGetValue(pager, out var set))
        {
            set = new HashSet<string>(StringComparer.Ordinal);
            map[pager] = set;
        }

        return set;
    }
}

/// <summary>Pages one endpoint planned and how many of them are stored.</summary>
public sealed record PageCount(long Planned, long Stored);
