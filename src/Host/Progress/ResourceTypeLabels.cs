namespace BatonClerk.Host.Progress;

/// <summary>How an engine pager (a Clerk endpoint) is shown: by the Baton objects it produces.</summary>
internal static class ResourceTypeLabels
{
    private static readonly string[] Order = ["users", "organizations", "roles", "permissions", "memberships"];

    /// <summary>The label for a pager; memberships become grants, the rest are resource types.</summary>
    public static string For(string pager) => pager == "memberships" ? "grants" : pager;

    /// <summary>The Baton resource type a pager maps one-to-one onto, or null (memberships map to grants).</summary>
    public static string? ResourceTypeId(string pager) => pager switch
    {
        "users" => "user",
        "organizations" => "organization",
        "roles" => "role",
        "permissions" => "permission",
        _ => null,
    };

    /// <summary>Users first, grants last, unknown pagers after them by name: the same order on every screen.</summary>
    public static int Rank(string pager)
    {
        var index = Array.IndexOf(Order, pager);
        return index < 0 ? Order.Length : index;
    }
}
