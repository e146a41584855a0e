using System.Text.Json;
using System.Text.Json.Serialization;

namespace BatonClerk.Engine.Clerk.Models;

internal sealed record ClerkOrganization
{
    [JsonPropertyName("id")] [JsonRequired] public string Id { get; set; } = null!;
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("slug")] public string? Slug { get; set; }
    [JsonPropertyName("role_set_key")] public string? RoleSetKey { get; set; }
    [JsonPropertyName("members_count")] public int? MembersCount { get; set; }
    [JsonPropertyName("max_allowed_memberships")] public int? MaxAllowedMemberships { get; set; }
    [JsonPropertyName("image_url")] public string? ImageUrl { get; set; }
    [JsonPropertyName("created_at")] public long CreatedAt { get; set; }
    [JsonPropertyName("updated_at")] public long? UpdatedAt { get; set; }
    [JsonPropertyName("public_metadata")] public JsonElement? PublicMetadata { get; set; }
}
