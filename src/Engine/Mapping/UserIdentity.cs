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

    public static UserIdentity Of(ClerkUser user)
    {
        var addresses = (user.EmailAddresses ?? []).Where(e => !string.IsNullOrWhiteSpace(e.EmailAddress)).ToList();
        var verified = addresses.Where(e => e.IsVerified).ToList();

        // An unverified primary is no identity; the first verified address stands in for it.
        var primary = verified.FirstOrDefault(e => e.Id is not null && e.Id == user.PrimaryEmailAddressId) ?? verified.FirstOrDefault();
        var emails = verified.Select(e => e.EmailAddress!).Distinct(StringComparer.Ordinal).ToList();
        if (primary is not null)
        {
            emails.Remove(primary.EmailAddress!);
            emails.Insert(0, primary.EmailAddress!);
        }

        var phones = (user.PhoneNumbers ?? []).Where(p => p.IsVerified && !string.IsNullOrWhiteSpace(p.PhoneNumber)).ToList();
        var phone = (phones.FirstOrDefault(p => p.Id is not null && p.Id == user.PrimaryPhoneNumberId) ?? phones.FirstOrDefault())?.PhoneNumber;
        var wallets = (user.Web3Wallets ?? []).Where(w => w.IsVerified && !string.IsNullOrWhiteSpace(w.Web3Wallet)).ToList();
        var wallet = (wallets.FirstOrDefault(w => w.Id is not null && w.Id == user.PrimaryWeb3WalletId) ?? wallets.FirstOrDefault())?.Web3Wallet;
        var username = string.IsNullOrWhiteSpace(user.Username) ? null : user.Username;
        var login = primary?.EmailAddress ?? username ?? phone ?? wallet ?? user.Id;

        var aliases = new List<string>();
        foreach (var candidate in new[] { username }.Concat(emails))
        {
            if (candidate is not null && candidate != login && !aliases.Contains(candidate, StringComparer.Ordinal))
            {
                aliases.Add(candidate);
            }
        }

        var sso = (user.SamlAccounts ?? []).Concat(user.EnterpriseAccounts ?? [])
            .Where(a => a.Active)
            .Select(a => a.Provider ?? a.Protocol ?? "sso")
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        return new UserIdentity
        {
            Login = login,
            Emails = emails,
            PrimaryEmail = primary?.EmailAddress,
            Aliases = aliases,
            UnverifiedEmails = [.. addresses.Where(e => !e.IsVerified).Select(e => e.EmailAddress!).Distinct(StringComparer.Ordinal)],
            Phone = phone,
            Wallet = wallet,
            SsoProviders = sso,
            OauthProviders = [.. (user.ExternalAccounts ?? []).Select(a => a.Provider).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
        };
    }
}
