namespace BatonClerk.Engine.Clerk;

// Paths of single objects; every id is escaped, so an id can never reach another path.
internal static partial class ClerkQuery
{
    public static string RoleSet(string roleSetKey) => "/role_sets/" + Segment(roleSetKey);

    public static string Memberships(string organizationId) => "/organizations/" + Segment(organizationId) + "/memberships";

    public static string Membership(string organizationId, string userId) => Memberships(organizationId) + "/" + Segment(userId);

    public static string MembershipOf(string organizationId, string userId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        var q = new Builder(Memberships(organizationId));
        q.Paging(1, 0);
        q.Add("user_id", userId);
        return q.ToString();
    }

    private static string Segment(string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        return Uri.EscapeDataString(id);
    }
}
