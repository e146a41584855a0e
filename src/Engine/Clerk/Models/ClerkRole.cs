using System.Text.Json.Serialization;

namespace BatonClerk.Engine.Clerk.Models;

internal sealed record ClerkRole
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("key")] public required string Key { get; init; }
    [JsonPropertyName("description")] public string? Description { get; init; }
    [JsonPropertyName("permissions")] public IReadOnlyList<ClerkPermission>? Permissions { get; init; }
    [JsonPropertyName("created_at")] public long CreatedAt { get; init; }
    [JsonPropertyName("updated_at")] public long? UpdatedAt { get; init; }
}

internal sealed record ClerkPermission
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("key")] public required string Key { get; init; }
    [JsonPropertyName("description")] public string? Description { get; init; }
    [JsonPropertyName("type")] public string? Type { get; init; }
    [JsonPropertyName("created_at")] public long CreatedAt { get; init; }
    [JsonPropertyName("updated_at")] public long? UpdatedAt { get; init; }
}
