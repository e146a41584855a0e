using System.Text.Json;
using System.Text.Json.Serialization;

namespace BatonClerk.Engine.Clerk.Models;

public sealed record ClerkOrganization
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("slug")] public string? Slug { get; init; }
    [JsonPropertyName("members_count")] public int? MembersCount { get; init; }
    [JsonPropertyName("max_allowed_memberships")] public int? MaxAllowedMemberships { get; init; }
    [JsonPropertyName("image_url")] public string? ImageUrl { get; init; }
    [JsonPropertyName("created_at")] public long CreatedAt { get; init; }
    [JsonPropertyName("updated_at")] public long? UpdatedAt { get; init; }
    [JsonPropertyName("public_metadata")] public JsonElement? PublicMetadata { get; init; }

    /// <summary>The role set whose roles members of this organization may hold (null on instances without role sets).</summary>
    [JsonPropertyName("role_set_key")] public string? RoleSetKey { get; init; }
}
