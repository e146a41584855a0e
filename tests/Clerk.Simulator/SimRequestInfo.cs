namespace BatonClerk.Simulator;

/// <summary>A request about to be served, as a <see cref="ClerkSimulator.BeforeServe"/> hook sees it. Path is relative to /v1.</summary>
public sealed record SimRequestInfo(long Sequence, string Path, string Query)
{
    /// <summary>The value of one query parameter (first occurrence, unescaped), or null.</summary>
    public string? Param(string name)
    {
        foreach (var part in Query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && Uri.UnescapeDataString(part[..eq]) == name)
            {
                return Uri.UnescapeDataString(part[(eq + 1)..]);
            }
        }

        return null;
    }
}
