using System.Text.Json.Serialization;

namespace BatonClerk.Engine.Clerk.Models;

/// <summary>A role set: the roles an organization using it may hold, and the role a new member gets.</summary>
public sealed record ClerkRoleSet
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("key")] public required string Key { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("roles")] public IReadOnlyList<ClerkRoleSetItem>? Roles { get; init; }
    [JsonPropertyName("default_role")] public ClerkRoleSetItem? DefaultRole { get; init; }
    [JsonPropertyName("creator_role")] public ClerkRoleSetItem? CreatorRole { get; init; }
}

public sealed record ClerkRoleSetItem
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("key")] public required string Key { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
}
