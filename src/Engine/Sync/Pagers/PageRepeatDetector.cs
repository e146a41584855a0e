using System.Collections.Concurrent;

namespace BatonClerk.Engine.Sync.Pagers;

/// <summary>
/// Notices a server that ignores <c>offset</c>: every page then starts and ends with the same rows, and a
/// "full last page, ask for the next one" rule would loop for ever. Seeing the same first and last id at two
/// different offsets of one list stops the pager with a clear error instead.
/// </summary>
internal sealed class PageRepeatDetector
{
    private readonly ConcurrentDictionary<(string Scope, string First, string Last), long> _seen = new();

    public void Check(string pager, string scope, long offset, string firstId, string lastId)
    {
        var previous = _seen.GetOrAdd((scope, firstId, lastId), offset);
        if (previous != offset)
        {
            throw new PagingLoopException(
                $"Clerk returned the same {pager} page for offsets {Math.Min(previous, offset)} and {Math.Max(previous, offset)}: the server ignores offset paging, so the sync stops instead of looping.");
        }
    }
}

/// <summary>Not transient: asking again would return the same repeated page.</summary>
internal sealed class PagingLoopException(string message) : Exception(message);

/// <summary>Not transient: a list that runs far past its announced total would do so again.</summary>
internal sealed class PagingOverrunException(string message) : Exception(message);
