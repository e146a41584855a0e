using System.Globalization;
using System.Text;

namespace BatonClerk.Engine.Clerk;

/// <summary>Builds the path and query of one request, refusing values Clerk would reject or silently clamp.</summary>
internal static partial class ClerkQuery
{
    public const int MaxLimit = 500;

    public static string Page(string path, PageQuery query, bool allowMembersCount)
    {
        ArgumentNullException.ThrowIfNull(query);
        var q = new Builder(path);
        q.Paging(query.Limit, query.Offset);
        q.Add("order_by", query.OrderBy);
        if (query.IncludeMembersCount)
        {
            if (!allowMembersCount)
            {
                throw new ArgumentException("include_members_count applies to /organizations only.", nameof(query));
            }

            q.Add("include_members_count", "true");
        }

        return q.ToString();
    }

    public static string Users(UserListQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var q = new Builder("/users");
        q.Paging(query.Limit, query.Offset);
        if (query.StartingAfter is not null)
        {
            // Clerk answers 422 to these combinations; refusing here names the bug before a request is spent.
            if (query.Offset != 0)
            {
                throw new ArgumentException("starting_after cannot be combined with a non-zero offset.", nameof(query));
            }

            if (query.OrderBy is not null && query.OrderBy.TrimStart('+', '-') != "created_at")
            {
                throw new ArgumentException("starting_after needs created_at ordering.", nameof(query));
            }

            if (query.StartingAfter.Length == 0)
            {
                throw new ArgumentException("starting_after must not be empty.", nameof(query));
            }
        }

        q.Add("order_by", query.OrderBy);
        q.Add("starting_after", query.StartingAfter);
        q.Add("created_at_after", query.CreatedAtAfter);
        q.Add("created_at_before", query.CreatedAtBefore);
        return q.ToString();
    }

    public static string UserCount(UserCountQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var q = new Builder("/users/count");
        q.Add("created_at_after", query.CreatedAtAfter);
        q.Add("created_at_before", query.CreatedAtBefore);
        return q.ToString();
    }

    public static string OrganizationMemberships(string organizationId, PageQuery query)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(organizationId);
        return Page($"/organizations/{Uri.EscapeDataString(organizationId)}/memberships", query, allowMembersCount: false);
    }

    public static string Organization(string organizationId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(organizationId);
        return $"/organizations/{Uri.EscapeDataString(organizationId)}?include_members_count=true";
    }

    public static string User(string userId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        return $"/users/{Uri.EscapeDataString(userId)}";
    }

    private sealed class Builder(string path)
    {
        private readonly StringBuilder _text = new(path);
        private bool _first = true;

        public void Paging(int limit, int offset)
        {
            // The real API quietly returns its default 10 rows for limit=501; a silent short page would end paging early.
            ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1, "limit");
            ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxLimit, "limit");
            ArgumentOutOfRangeException.ThrowIfNegative(offset, "offset");
            Add("limit", limit);
            Add("offset", offset);
        }

        public void Add(string name, long? value)
        {
            if (value is { } v)
            {
                Add(name, v.ToString(CultureInfo.InvariantCulture));
            }
        }

        public void Add(string name, string? value)
        {
            if (value is null)
            {
                return;
            }

            _text.Append(_first ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
            _first = false;
        }

        public override string ToString() => _text.ToString();
    }
}
