namespace BatonClerk.Simulator;

/// <summary>
/// A generated user. Only compact fields are stored; IDs, emails, username and metadata are derived from Number
/// on access so a million users stay small.
/// </summary>
public sealed record SimUser
{
    public const string PrivateMarkerPrefix = "PRIVATE-MARKER-";
    public const string UnsafeMarkerPrefix = "UNSAFE-MARKER-";

    public required long Number { get; init; }
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public bool HasUsername { get; init; }
    public byte EmailCount { get; init; }

    /// <summary>Index into EmailAddresses of the primary address; -1 for none.</summary>
    public sbyte PrimaryEmailIndex { get; init; } = -1;

    public bool Banned { get; init; }
    public bool Locked { get; init; }
    public bool TwoFactorEnabled { get; init; }
    public bool HasExternalId { get; init; }
    public bool HasPublicMetadata { get; init; }
    public required long CreatedAt { get; init; }
    public required long UpdatedAt { get; init; }
    public long? LastSignInAt { get; init; }

    public string Id => SimIds.User(Number);
    public string? Username => HasUsername ? $"user{Number}_name" : null;
    public string? ExternalId => HasExternalId ? $"ext-{Number}" : null;

    public IReadOnlyList<SimEmail> EmailAddresses => [.. Enumerable.Range(0, EmailCount).Select(Email)];

    public SimEmail? PrimaryEmail => PrimaryEmailIndex >= 0 && PrimaryEmailIndex < EmailCount ? Email(PrimaryEmailIndex) : null;
    public string? PrimaryEmailAddressId => PrimaryEmail?.Id;

    /// <summary>Public metadata as a JSON object text.</summary>
    public string PublicMetadataJson => HasPublicMetadata ? $$"""{"department":"dept-{{Number % 7}}","level":{{Number % 5}}}""" : "{}";

    public string PrivateMarker => PrivateMarkerPrefix + Id;
    public string UnsafeMarker => UnsafeMarkerPrefix + Id;
    public string PrivateMetadataJson => $$"""{"secret":"{{PrivateMarker}}"}""";
    public string UnsafeMetadataJson => $$"""{"note":"{{UnsafeMarker}}"}""";

    // Emails get a number space of their own: 8 per user is more than a user ever holds.
    private SimEmail Email(int index) => new(
        SimIds.Email((Number * 8) + index),
        index == 0 ? $"user{Number}@example.com" : $"user{Number}.alt{index}@mail{index}.example.org");
}

public sealed record SimEmail(string Id, string Address);

public sealed record SimOrganization
{
    public required long Number { get; init; }
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Slug { get; init; }
    public int MaxAllowedMemberships { get; init; }
    public string PublicMetadataJson { get; init; } = "{}";
    public required long CreatedAt { get; init; }
    public required long UpdatedAt { get; init; }
}

public sealed record SimPermission
{
    public required string Id { get; init; }
    public required string Key { get; init; }
    public required string Name { get; init; }
    public string Description { get; init; } = "";

    /// <summary>"system" for org:sys_* keys, "custom" otherwise.</summary>
    public required string Type { get; init; }

    public required long CreatedAt { get; init; }
    public required long UpdatedAt { get; init; }
}

public sealed record SimRole
{
    public required string Id { get; init; }
    public required string Key { get; init; }
    public required string Name { get; init; }
    public string? Description { get; init; }
    public bool IsCreatorEligible { get; init; }
    public required IReadOnlyList<string> PermissionKeys { get; init; }
    public required long CreatedAt { get; init; }
    public required long UpdatedAt { get; init; }
}

/// <summary>A membership; the organization and user are shared references, only the number is its own.</summary>
public sealed record SimMembership
{
    public required long Number { get; init; }
    public required SimOrganization Organization { get; init; }
    public required SimUser User { get; init; }

    /// <summary>A role key such as org:admin; "basic_member" is the legacy key no role matches.</summary>
    public required string Role { get; init; }

    public required long CreatedAt { get; init; }
    public required long UpdatedAt { get; init; }

    public string Id => SimIds.Membership(Number);
    public string OrganizationId => Organization.Id;
    public string UserId => User.Id;
}
