using System.Text.Json.Serialization;

namespace BatonClerk.Engine.Clerk.Models;

/// <summary>A membership names its user only inside public_user_data; the role is a key, not an id.</summary>
internal sealed record ClerkMembership
{
    [JsonPropertyName("id")] [JsonRequired] public string Id { get; set; } = null!;
    [JsonPropertyName("role")] public string? Role { get; set; }
    [JsonPropertyName("role_name")] public string? RoleName { get; set; }
    [JsonPropertyName("organization")] public ClerkOrganization? Organization { get; set; }
    [JsonPropertyName("public_user_data")] public ClerkPublicUserData? PublicUserData { get; set; }
    [JsonPropertyName("created_at")] public long CreatedAt { get; set; }
    [JsonPropertyName("updated_at")] public long? UpdatedAt { get; set; }
}

internal sealed record ClerkPublicUserData
{
    [JsonPropertyName("user_id")] public string? UserId { get; set; }
    [JsonPropertyName("identifier")] public string? Identifier { get; set; }
}
