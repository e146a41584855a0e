using System.Text;
using BatonClerk.Engine.Mapping;

namespace BatonClerk.Host.Configuration.Settings;

/// <summary>
/// A resource Baton id as <c>--sync-resources</c> takes it: <c>bid:r:type/id</c> or, with a parent,
/// <c>bid:r:parent_type/parent_id/type/id</c>; a backslash escapes a colon, slash or backslash inside a value.
/// </summary>
public sealed record ResourceBid(string ResourceType, string ResourceId, string? ParentType, string? ParentId)
{
    private const string Prefix = "bid:r:";

    /// <summary>A type a targeted sync can fetch on its own (organizations and users).</summary>
    public bool IsTargetable => ResourceType is ResourceTypes.OrganizationId or ResourceTypes.UserId;

    /// <summary>The id, or null and why not.</summary>
    public static ResourceBid? Parse(string text, out string? problem)
    {
        problem = null;
        if (!text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            problem = $"'{text}' is not a resource Baton id (bid:r:type/id)";
            return null;
        }

        var parts = new List<string>();
        var current = new StringBuilder();
        var body = text.AsSpan(Prefix.Length);
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (c == '\\')
            {
                if (i + 1 >= body.Length || body[i + 1] is not (':' or '/' or '\\'))
                {
                    problem = $"'{text}' has a backslash that escapes nothing";
                    return null;
                }

                current.Append(body[++i]);
            }
            else if (c == '/')
            {
                parts.Add(current.ToString());
                current.Clear();
            }
            else if (c == ':')
            {
                problem = $"'{text}' has an unescaped ':' (a resource id has no entitlement part)";
                return null;
            }
            else
            {
                current.Append(c);
            }
        }

        parts.Add(current.ToString());
        if (parts.Count is not (2 or 4) || parts.Any(p => p.Length == 0))
        {
            problem = $"'{text}' must be bid:r:type/id or bid:r:parent_type/parent_id/type/id";
            return null;
        }

        var bid = parts.Count == 2
            ? new ResourceBid(parts[0], parts[1], null, null)
            : new ResourceBid(parts[2], parts[3], parts[0], parts[1]);
        if (!ResourceTypes.AllIds.Contains(bid.ResourceType))
        {
            problem = $"'{text}' names resource type '{bid.ResourceType}' (expected {string.Join(", ", ResourceTypes.AllIds)})";
            return null;
        }

        return bid;
    }
}
