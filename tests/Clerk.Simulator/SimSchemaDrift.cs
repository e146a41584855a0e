using System.Text.Json;
using System.Text.Json.Nodes;

namespace BatonClerk.Simulator;

/// <summary>
/// Rewrites a 200 body as a newer or sloppier Clerk might send it: every JSON object gains unknown fields (an object,
/// an array, a null, a huge number), and per object kind the fields a sync has no use for become null, including some
/// the spec declares non-nullable. Fields the Baton mapping reads keep their values, so the expected rows do not change.
/// </summary>
public static class SimSchemaDrift
{
    /// <summary>Per "object" kind, the fields set to null (only where the object has them).</summary>
    public static IReadOnlyDictionary<string, string[]> NulledFields { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["user"] =
        [
            // Not the identifiers, status and SSO fields the user mapping reads (phones, wallets, SSO accounts,
            // lockout, activity, sign-in methods): those carry meaning when present.
            "external_id", "image_url", "has_image", "public_metadata",
            "private_metadata", "unsafe_metadata", "passkeys",
            "mfa_enabled_at", "mfa_disabled_at",
            "verification_attempts_remaining", "legal_accepted_at", "updated_at",
            "delete_self_enabled", "create_organization_enabled",
        ],
        ["email_address"] = ["linked_to", "matches_sso_connection", "created_at", "updated_at"],
        ["organization"] =
            ["slug", "image_url", "has_image", "max_allowed_memberships", "admin_delete_enabled", "public_metadata", "updated_at"],
        ["role"] = ["description", "is_creator_eligible", "permissions", "updated_at"],
        ["permission"] = ["description", "type", "updated_at"],
        ["organization_membership"] = ["role_name", "permissions", "public_metadata", "updated_at"],
        ["public_user_data"] = ["first_name", "last_name", "image_url", "profile_image_url", "has_image", "identifier", "username", "banned"],
    };

    public static byte[] Apply(byte[] body)
    {
        var root = JsonNode.Parse(body);
        Visit(root, null);
        return JsonSerializer.SerializeToUtf8Bytes(root);
    }

    private static void Visit(JsonNode? node, string? propertyName)
    {
        switch (node)
        {
            case JsonArray array:
                foreach (var item in array)
                {
                    Visit(item, null);
                }

                break;
            case JsonObject obj:
                foreach (var (name, child) in obj.ToList())
                {
                    Visit(child, name);
                }

                var kind = propertyName == "public_user_data" ? "public_user_data" : obj["object"]?.GetValueKind() == JsonValueKind.String ? (string?)obj["object"] : null;
                if (kind is not null && NulledFields.TryGetValue(kind, out var fields))
                {
                    foreach (var field in fields.Where(obj.ContainsKey))
                    {
                        obj[field] = null;
                    }
                }

                obj["sim_unknown_object"] = new JsonObject { ["nested"] = new JsonArray(1, "two", null, new JsonObject()) };
                obj["sim_unknown_null"] = null;
                obj["sim_unknown_number"] = JsonNode.Parse("1.5e300");
                obj["sim_unknown_string"] = "unexpected";
                break;
        }
    }
}
