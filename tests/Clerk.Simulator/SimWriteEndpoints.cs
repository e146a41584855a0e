using System.Text.Json;
using System.Text.Json.Nodes;

namespace BatonClerk.Simulator;

/// <summary>
/// The membership writes and the single-object reads provisioning uses, with Clerk's validation: unknown
/// organization or user 404, unknown role 422, already a member 400, not a member 404. Every organization
/// belongs to one role set holding every role of the dataset, with org:member as the default.
/// </summary>
internal static class SimWriteEndpoints
{
    public const string RoleSetKey = "default";
    public const string DefaultRoleKey = "org:member";

    /// <summary>The body of a 200 for the requests handled here, or null to leave the request to the list endpoints.</summary>
    public static byte[]? TryServe(string method, string path, SimQuery q, string? body, SimDataset dataset)
    {
        var s = dataset.Snapshot;
        var segments = path.Split('/');
        switch (method, segments)
        {
            case ("GET", ["", "users", { Length: > 0 } userId]) when userId != "count":
            {
                var user = FindUser(s, userId);
                return SimJson.Write(w => SimJson.User(w, user));
            }

            case ("GET", ["", "organizations", { Length: > 0 } orgId]):
                return Organization(Org(s, orgId));
            case ("GET", ["", "role_sets", RoleSetKey]):
                return RoleSet(s);
            case ("GET", ["", "role_sets", { Length: > 0 } key]):
                throw SimRequestError.NotFound($"role set {key}");
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

    private static byte[] Organization(SimOrganization org)
    {
        var node = JsonNode.Parse(SimJson.Write(w => SimJson.Organization(w, org, null)))!.AsObject();
        node["role_set_key"] = RoleSetKey;
        return JsonSerializer.SerializeToUtf8Bytes(node);
    }

    private static byte[] RoleSet(SimSnapshot s) => SimJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("object", "role_set");
        w.WriteString("id", "rs_sim_default");
        w.WriteString("key", RoleSetKey);
        w.WriteString("name", "Default");
        w.WriteNull("description");
        w.WriteString("type", "initial");
        w.WriteStartArray("roles");
        foreach (var role in s.RolesArray)
        {
            Item(w, role);
        }

        w.WriteEndArray();
        w.WritePropertyName("default_role");
        if (s.RolesArray.FirstOrDefault(r => r.Key == DefaultRoleKey) is { } fallback)
        {
            Item(w, fallback);
        }
        else
        {
            w.WriteNullValue();
        }

        w.WriteNumber("created_at", 1);
        w.WriteNumber("updated_at", 1);
        w.WriteEndObject();
    });

    private static void Item(Utf8JsonWriter w, SimRole role)
    {
        w.WriteStartObject();
        w.WriteString("object", "role_set_item");
        w.WriteString("id", role.Id);
        w.WriteString("key", role.Key);
        w.WriteString("name", role.Name);
        w.WriteNull("description");
        w.WriteNumber("created_at", role.CreatedAt);
        w.WriteNumber("updated_at", role.UpdatedAt);
        w.WriteEndObject();
    }
}
