namespace BatonClerk.Simulator;

/// <summary>GET of one object: /users/{id} and /organizations/{id} (with include_members_count). Paths are relative to /v1.</summary>
internal static class SimObjectEndpoints
{
    /// <summary>The body of a 200, null when the path is not one of these, or throws <see cref="SimRequestError"/> (404).</summary>
    public static byte[]? TryServe(string path, SimQuery q, SimSnapshot s)
    {
        var segments = path.Split('/');
        if (segments is ["", "users", { Length: > 0 } userId] && userId != "count")
        {
            var number = SimIds.TryParse("user_", userId);
            var index = number is { } n ? s.FirstUserAfterNumber(n - 1) : -1;
            if (index < 0 || index >= s.UsersArray.Length || s.UsersArray[index].Id != userId)
            {
                throw SimRequestError.NotFound($"user {userId}");
            }

            var user = s.UsersArray[index];
            return SimJson.Write(w => SimJson.User(w, user));
        }

        if (segments is ["", "organizations", { Length: > 0 } orgId])
        {
            var org = s.FindOrganization(orgId) ?? throw SimRequestError.NotFound($"organization {orgId}");
            int? count = q.Bool("include_members_count") ? s.MembershipArrayOf(org.Id).Length : null;
            return SimJson.Write(w => SimJson.Organization(w, org, count));
        }

        return null;
    }
}
