using System.Text.Json;
using System.Text.Json.Nodes;

namespace BatonClerk.Simulator;

/// <summary>
/// The membership writes and the single-object reads provisioning uses, with Clerk's validation: unknown
/// organization or user 404, unknown role 422, already a member 400, not a member 404. Role sets are the
/// dataset's (<see cref="SimRoleSets"/>), each organization naming its own.
/// </summary>
internal static class SimWriteEndpoints
{
    /// <summary>The body of a 200 for the requests handled here, or null to leave the request to the list endpoints.</summary>
    public static byte[]? TryServe(string method, string path, SimQuery q, string? body, SimDataset dataset)
    {
        var s = dataset.Snapshot;
        var segments = path.Split('/');
        switch (method, segments)
        {
            // GET of one user or organization is SimObjectEndpoints' (with include_members_count), behind the lists.
            case ("GET", ["", "role_sets", { Length: > 0 } key]):
            {
                var set = SimRoleSets.Of(s.RolesArray).FirstOrDefault(r => r.Key == key) ?? throw SimRequestError.NotFound($"role set {key}");
                var createdAt = s.RolesArray.Length == 0 ? 0 : s.RolesArray[0].CreatedAt;
                return SimJson.Write(w => SimJson.RoleSet(w, set, createdAt));
            }
            case ("GET", ["", "organizations", { Length: > 0 } orgId, "memberships"]) when q.Has("user_id"):
            {
                var org = Org(s, orgId);
                var userId = q.Get("user_id");
                var found = s.MembershipArrayOf(org.Id).Where(m => m.User.Id == userId).ToArray();
                return SimJson.Write(w =>
                {
                    w.WriteStartObject();
                    w.WriteStartArray("data");
                    foreach (var m in found)
                    {
                        SimJson.Membership(w, m, Roles(s));
                    }

                    w.WriteEndArray();
                    w.WriteNumber("total_count", found.Length);
                    w.WriteEndObject();
                });
            }

            case ("POST", ["", "organizations", { Length: > 0 } orgId, "memberships"]):
            {
                var org = Org(s, orgId);
                var json = Body(body);
                var userId = RequiredString(json, "user_id");
                var role = RequiredString(json, "role");
                FindUser(s, userId);
                RequireRole(s, role);
                if (s.MembershipArrayOf(org.Id).Any(m => m.User.Id == userId))
                {
                    throw new SimRequestError(400, "already_a_member_in_organization", "already a member",
                        $"User {userId} is already a member of the organization.");
                }

                return Membership(dataset, dataset.AddMembership(org.Id, userId, role));
            }

            case ("PATCH", ["", "organizations", { Length: > 0 } orgId, "memberships", { Length: > 0 } userId]):
            {
                var membership = Existing(s, orgId, userId);
                var role = RequiredString(Body(body), "role");
                RequireRole(s, role);
                return Membership(dataset, dataset.ChangeRole(membership.Id, role));
            }

            case ("DELETE", ["", "organizations", { Length: > 0 } orgId, "memberships", { Length: > 0 } userId]):
            {
                var membership = Existing(s, orgId, userId);
                dataset.RemoveMembership(membership.Id);
                return Membership(dataset, membership);
            }

            case ("GET", _):
                return null;
            default:
                throw SimRequestError.NotFound($"{method} {path}");
        }
    }

    private static SimOrganization Org(SimSnapshot s, string orgId) =>
        s.FindOrganization(orgId) ?? throw SimRequestError.NotFound($"organization {orgId}");

    private static SimUser FindUser(SimSnapshot s, string userId) =>
        s.UsersArray.FirstOrDefault(u => u.Id == userId) ?? throw SimRequestError.NotFound($"user {userId}");

    private static SimMembership Existing(SimSnapshot s, string orgId, string userId)
    {
        var org = Org(s, orgId);
        return s.MembershipArrayOf(org.Id).FirstOrDefault(m => m.User.Id == userId)
            ?? throw SimRequestError.NotFound($"membership of user {userId} in organization {orgId}");
    }

    private static Dictionary<string, SimRole> Roles(SimSnapshot s) => s.RolesArray.ToDictionary(r => r.Key, StringComparer.Ordinal);

    private static void RequireRole(SimSnapshot s, string role)
    {
        if (s.RolesArray.All(r => r.Key != role))
        {
            throw new SimRequestError(422, "resource_not_found", "not found", $"No role found with key {role}", "role");
        }
    }

    private static JsonObject Body(string? body)
    {
        try
        {
            return JsonNode.Parse(body ?? "") as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException)
        {
            throw new SimRequestError(400, "request_body_invalid", "invalid request body", "The request body is not a JSON object.");
        }
    }

    private static string RequiredString(JsonObject json, string name) =>
        json[name] is JsonValue v && v.TryGetValue<string>(out var text) && text.Length > 0
            ? text
            : throw new SimRequestError(422, "form_param_missing", "missing", $"{name} must be included", name);

    private static byte[] Membership(SimDataset dataset, SimMembership m) =>
        SimJson.Write(w => SimJson.Membership(w, m, Roles(dataset.Snapshot)));
}
