using BatonClerk.Engine.Clerk.Models;

namespace BatonClerk.Engine.Mapping;

/// <summary>What identifies a Clerk user to C1: only proven identifiers, and a login for every kind of user.</summary>
internal sealed record UserIdentity
{
    public required string Login { get; init; }

    /// <summary>Verified addresses, primary first.</summary>
    public required IReadOnlyList<string> Emails { get; init; }

    public string? PrimaryEmail { get; init; }

    public required IReadOnlyList<string> Aliases { get; init; }

    public required IReadOnlyList<string> UnverifiedEmails { get; init; }

    public string? Phone { get; init; }

    public string? Wallet { get; init; }

    public required IReadOnlyList<string> SsoProviders { get; init; }

    public required IReadOnlyList<string> OauthProviders { get; init; }

    // A page of users runs through here once per user on the sync's hot path: plain loops over the (short) lists
    // instead of LINQ chains, and no list at all where there is nothing to hold, with the same results.
    public static UserIdentity Of(ClerkUser user)
    {
        ClerkEmailAddress? primary = null;
        ClerkEmailAddress? firstVerified = null;
        List<string>? unverified = null;
        foreach (var e in user.EmailAddresses ?? [])
        {
            if (string.IsNullOrWhiteSpace(e.EmailAddress))
            {
                continue;
            }

            if (!e.IsVerified)
            {
                AddDistinct(ref unverified, e.EmailAddress);
                continue;
            }

            firstVerified ??= e;
            if (primary is null && e.Id is not null && e.Id == user.PrimaryEmailAddressId)
            {
                primary = e;
            }
        }

        // An unverified primary is no identity; the first verified address stands in for it.
        primary ??= firstVerified;
        List<string>? emails = null;
        if (primary is not null)
        {
            emails = [primary.EmailAddress!];
            foreach (var e in user.EmailAddresses!)
            {
                if (e.IsVerified && !string.IsNullOrWhiteSpace(e.EmailAddress))
                {
                    AddDistinct(ref emails, e.EmailAddress);
                }
            }
        }

        var phone = PrimaryOrFirst(user.PhoneNumbers, user.PrimaryPhoneNumberId, static p => p.IsVerified ? p.PhoneNumber : null, static p => p.Id);
        var wallet = PrimaryOrFirst(user.Web3Wallets, user.PrimaryWeb3WalletId, static w => w.IsVerified ? w.Web3Wallet : null, static w => w.Id);
        var username = string.IsNullOrWhiteSpace(user.Username) ? null : user.Username;
        var login = primary?.EmailAddress ?? username ?? phone ?? wallet ?? user.Id;

        List<string>? aliases = null;
        if (username is not null && username != login)
        {
            aliases = [username];
        }

        foreach (var email in emails ?? [])
        {
            if (email != login)
            {
                AddDistinct(ref aliases, email);
            }
        }

        List<string>? sso = null;
        AddActive(ref sso, user.SamlAccounts);
        AddActive(ref sso, user.EnterpriseAccounts);
        sso?.Sort(StringComparer.Ordinal);
        List<string>? oauth = null;
        foreach (var a in user.ExternalAccounts ?? [])
        {
            if (a.Provider is not null)
            {
                AddDistinct(ref oauth, a.Provider);
            }
        }

        oauth?.Sort(StringComparer.Ordinal);
        return new UserIdentity
        {
            Login = login,
            Emails = (IReadOnlyList<string>?)emails ?? [],
            PrimaryEmail = primary?.EmailAddress,
            Aliases = (IReadOnlyList<string>?)aliases ?? [],
            UnverifiedEmails = (IReadOnlyList<string>?)unverified ?? [],
            Phone = phone,
            Wallet = wallet,
            SsoProviders = (IReadOnlyList<string>?)sso ?? [],
            OauthProviders = (IReadOnlyList<string>?)oauth ?? [],
        };
    }

    /// <summary>The usable value of the item named primary, else of the first usable item; blank values are unusable.</summary>
    private static string? PrimaryOrFirst<T>(IReadOnlyList<T>? items, string? primaryId, Func<T, string?> usable, Func<T, string?> id)
    {
        string? first = null;
        foreach (var item in items ?? [])
        {
            if (usable(item) is { } value && !string.IsNullOrWhiteSpace(value))
            {
                if (id(item) is { } itemId && itemId == primaryId)
                {
                    return value;
                }

                first ??= value;
            }
        }

        return first;
    }

    private static void AddActive(ref List<string>? providers, IReadOnlyList<ClerkSsoAccount>? accounts)
    {
        foreach (var a in accounts ?? [])
        {
            if (a.Active)
            {
                AddDistinct(ref providers, a.Provider ?? a.Protocol ?? "sso");
            }
        }
    }

    private static void AddDistinct(ref List<string>? list, string value)
    {
        list ??= new List<string>(2);
        foreach (var existing in list)
        {
            if (string.Equals(existing, value, StringComparison.Ordinal))
            {
                return;
            }
        }

        list.Add(value);
    }
}
