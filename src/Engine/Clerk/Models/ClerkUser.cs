using System.Text.Json;
using System.Text.Json.Serialization;

namespace BatonClerk.Engine.Clerk.Models;

/// <summary>
/// The fields of a Clerk user that the sync maps. private_metadata and unsafe_metadata are deliberately absent:
/// what is never deserialized can never leak into a c1z or a log.
/// </summary>
public sealed record ClerkUser
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("external_id")] public string? ExternalId { get; init; }
    [JsonPropertyName("username")] public string? Username { get; init; }
    [JsonPropertyName("first_name")] public string? FirstName { get; init; }
    [JsonPropertyName("last_name")] public string? LastName { get; init; }
    [JsonPropertyName("primary_email_address_id")] public string? PrimaryEmailAddressId { get; init; }
    [JsonPropertyName("email_addresses")] public IReadOnlyList<ClerkEmailAddress>? EmailAddresses { get; init; }
    [JsonPropertyName("two_factor_enabled")] public bool TwoFactorEnabled { get; init; }
    [JsonPropertyName("banned")] public bool Banned { get; init; }
    [JsonPropertyName("locked")] public bool Locked { get; init; }
    [JsonPropertyName("created_at")] public long CreatedAt { get; init; }
    [JsonPropertyName("updated_at")] public long? UpdatedAt { get; init; }
    [JsonPropertyName("last_sign_in_at")] public long? LastSignInAt { get; init; }
    [JsonPropertyName("last_active_at")] public long? LastActiveAt { get; init; }
    [JsonPropertyName("image_url")] public string? ImageUrl { get; init; }
    [JsonPropertyName("public_metadata")] public JsonElement? PublicMetadata { get; init; }
}

public sealed record ClerkEmailAddress
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("email_address")] public string? EmailAddress { get; init; }
}
