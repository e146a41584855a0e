using BatonClerk.Engine.Baton;
using BatonClerk.Engine.Baton.V2;
using BatonClerk.Engine.Clerk.Models;

namespace BatonClerk.Engine.Mapping;

/// <summary>
/// Clerk user → Baton user resource. User data goes both into the UserTrait (read by older Baton readers) and
/// into Resource fields 9–12 (read by newer ones).
/// </summary>
public static class UserMapper
{
    public static Resource Map(ClerkUser user)
    {
        var emails = user.EmailAddresses?
            .Where(e => !string.IsNullOrWhiteSpace(e.EmailAddress))
            .Select(e => (Address: e.EmailAddress!, IsPrimary: e.Id is not null && e.Id == user.PrimaryEmailAddressId))
            .ToList() ?? [];
        var primaryEmail = emails.FirstOrDefault(e => e.IsPrimary).Address;
        var username = NullIfBlank(user.Username);
        var login = primaryEmail ?? username ?? user.Id;
        var status = Status(user);
        var profile = Profile(user, primaryEmail);

        var trait = new UserTrait
        {
            Status = new UserTrait.Types.Status { Status_ = status.Enabled ? UserTrait.Types.Status.Types.Status.Enabled : UserTrait.Types.Status.Types.Status.Disabled, Details = status.Details },
            AccountType = UserTrait.Types.AccountType.Human,
            Login = login,
            Profile = profile,
            CreatedAt = ClerkTime.ToTimestamp(user.CreatedAt),
            LastLogin = ClerkTime.ToTimestamp(user.LastSignInAt),
            MfaStatus = new UserTrait.Types.MFAStatus { MfaEnabled = user.TwoFactorEnabled },
            StructuredName = new UserTrait.Types.StructuredName
            {
                GivenName = user.FirstName ?? string.Empty,
                FamilyName = user.LastName ?? string.Empty,
            },
        };
        trait.Emails.AddRange(emails.Select(e => new UserTrait.Types.Email { Address = e.Address, IsPrimary = e.IsPrimary }));
        if (username is not null && username != login)
        {
            trait.LoginAliases.Add(username);
        }

        trait.LoginAliases.AddRange(emails.Where(e => e.Address != login).Select(e => e.Address));

        var resource = new Resource
        {
            Id = new ResourceId { ResourceType = ResourceTypes.UserId, Resource = user.Id },
            DisplayName = DisplayName(user, primaryEmail),
            Profile = profile.Clone(),
            Status = new Baton.V2.Status
            {
                Status_ = status.Enabled ? Baton.V2.Status.Types.ResourceStatus.Enabled : Baton.V2.Status.Types.ResourceStatus.Disabled,
                Details = status.Details,
            },
            CreatedAt = ClerkTime.ToTimestamp(user.CreatedAt),
        };
        resource.Annotations.Add(Annotations.Pack(trait));
        return resource;
    }

    public static string DisplayName(ClerkUser user, string? primaryEmail)
    {
        var fullName = string.Join(' ', new[] { user.FirstName, user.LastName }.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p!.Trim()));
        return NullIfBlank(fullName) ?? NullIfBlank(user.Username) ?? primaryEmail ?? user.Id;
    }

    private static (bool Enabled, string Details) Status(ClerkUser user) => (user.Banned, user.Locked) switch
    {
        (true, true) => (false, "banned, locked"),
        (true, false) => (false, "banned"),
        (false, true) => (false, "locked"),
        _ => (true, string.Empty),
    };

    private static Google.Protobuf.WellKnownTypes.Struct Profile(ClerkUser user, string? primaryEmail) =>
        new ProfileBuilder()
            .Add("user_id", user.Id)
            .Add("first_name", user.FirstName)
            .Add("last_name", user.LastName)
            .Add("username", user.Username)
            .Add("email", primaryEmail)
            .Add("external_id", user.ExternalId)
            .Add("banned", user.Banned)
            .Add("locked", user.Locked)
            .Add("last_active_at", user.LastActiveAt)
            .AddJson("public_metadata", user.PublicMetadata)
            .Build();

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
