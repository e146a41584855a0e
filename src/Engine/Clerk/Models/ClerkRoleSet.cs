using System.Text.Json.Serialization;

namespace BatonClerk.Engine.Clerk.Models;

/// <summary>A role set: the roles an organization using it may hold, and the role a new member gets.</summary>
internal sealed record ClerkRoleSet
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("key")] public required string Key { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("roles")] public IReadOnlyList<ClerkRoleSetItem>? Roles { get; init; }
    [JsonPropertyName("default_role")] public ClerkRoleSetItem? DefaultRole { get; init; }
    [JsonPropertyName("creator_role")] public ClerkRoleSetItem? CreatorRole { get; init; }
}

internal sealed record ClerkRoleSetItem
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("key")] public required string Key { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
}

/// <summary>Only the id of an object whose other fields the caller does not need (e.g. a user looked up to exist).</summary>
internal sealed record ClerkObjectRef
{
    [JsonPropertyName("id")] public required string Id { get; init; }
}

internal sealed record CreateMembershipBody(
    [property: JsonPropertyName("user_id")] string UserId,
    [property: JsonPropertyName("role")] string Role);

internal sealed record UpdateMembershipBody([property: JsonPropertyName("role")] string Role);
