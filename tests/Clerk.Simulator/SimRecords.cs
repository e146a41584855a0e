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

    // The shapes below derive from Number alone, so adding them left the generator's random stream (and with it
    // every other field of every dataset) unchanged.

    /// <summary>Removed by an enterprise connection: restricted from signing in.</summary>
    public bool Deprovisioned => Number % 53 == 7;

    /// <summary>For a locked user: null (until an admin unlocks), 1800 s, or 0 (the lockout has just lifted).</summary>
    public long? LockoutExpiresInSeconds => !Locked ? null : (Number % 3) switch { 0 => null, 1 => 1800, _ => 0 };

    /// <summary>Every user without an email address has a phone number; so does one in 13 of the others.</summary>
    public bool HasPhone => EmailCount == 0 || Number % 13 == 0;

    /// <summary>One phone in 26 was added but never confirmed.</summary>
    public bool PhoneVerified => Number % 26 != 13;

    public string? PhoneNumber => HasPhone ? $"+1555{Number:D7}" : null;

    public string? PhoneId => HasPhone ? SimIds.Email((Number * 8) + 7) : null;

    /// <summary>Some users without email sign in with a wallet only.</summary>
    public bool HasWeb3Wallet => EmailCount == 0 && Number % 3 == 1;

    public string? Web3Wallet => HasWeb3Wallet ? $"0x{Number:x40}" : null;

    public string? Web3WalletId => HasWeb3Wallet ? SimIds.Email((Number * 8) + 6) : null;

    /// <summary>An active SAML account (one user in 17 with an email) or an enterprise account (one in 19).</summary>
    public bool HasSamlAccount => EmailCount > 0 && Number % 17 == 4;

    public bool HasEnterpriseAccount => EmailCount > 0 && Number % 19 == 6;

    public bool SsoEnabled => HasSamlAccount || HasEnterpriseAccount;

    /// <summary>The verified, unreserved addresses: the only ones that identify the user.</summary>
    public IReadOnlyList<SimEmail> VerifiedEmailAddresses => [.. EmailAddresses.Where(e => e.Verified && !e.Reserved)];

    /// <summary>The primary if verified, else the first verified address.</summary>
    public SimEmail? IdentifyingEmail => PrimaryEmail is { Verified: true, Reserved: false } p ? p : VerifiedEmailAddresses.FirstOrDefault();

    /// <summary>What the login should be: identifying email, username, verified phone, wallet, id.</summary>
    public string ExpectedLogin => IdentifyingEmail?.Address ?? Username ?? (PhoneVerified ? PhoneNumber : null) ?? Web3Wallet ?? Id;
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
    // One address in 11 is unverified and one in 29 reserved, so some primaries are unproven too.
    private SimEmail Email(int index) => new(
        SimIds.Email((Number * 8) + index),
        index == 0 ? $"user{Number}@example.com" : $"user{Number}.alt{index}@mail{index}.example.org")
    {
        Verified = (Number + index) % 11 != 3,
        Reserved = (Number + index) % 29 == 5,
    };
}

public sealed record SimEmail(string Id, string Address)
{
    public bool Verified { get; init; } = true;
    public bool Reserved { get; init; }
}

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

    /// <summary>One organization in four uses the basic role set (admin and member only).</summary>
    public string RoleSetKey => Number % 4 == 3 ? SimRoleSets.BasicKey : SimRoleSets.DefaultKey;
}

public sealed record SimPermission
{
    public required string Id { get; init; }
    public required string Key { get; init; }
    public required string Name { get; init; }
    public string Description { get; init; } = "";

    /// <summary>"system" for org:sys_* keys, "user" otherwise (the spec's two values).</summary>
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

    /// <summary>Sent without public_user_data (optional in the spec): no user to grant to.</summary>
    public bool OmitsUser { get; init; }

    public string Id => SimIds.Membership(Number);
    public string OrganizationId => Organization.Id;
    public string UserId => User.Id;
}
