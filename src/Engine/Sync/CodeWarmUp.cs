using System.Text.Json;
using BatonClerk.Engine.C1z;
using BatonClerk.Engine.Clerk;
using BatonClerk.Engine.Clerk.Models;
using BatonClerk.Engine.Clerk.Reading;
using BatonClerk.Engine.Mapping;
using BatonClerk.Engine.Sync.Resources;

namespace BatonClerk.Engine.Sync;

/// <summary>
/// INTERNAL API. Runs a page's hot path (the JSON parse, the users' and memberships' row encoding) over two small
/// made-up pages a few dozen times, on a background thread, when the first sync of a process starts and its first
/// requests are waiting on the network.
/// </summary>
/// <remarks>
/// .NET first compiles a method quickly and unoptimized, and recompiles it optimized once it has been called about
/// thirty times and the background compiler gets to it. Without this, the first rate-limit window's pages ran partly
/// in that slow code (a fifth of the engine's samples in the first five seconds of a 250k-user sync) while the
/// compiler competed for the same two cores; the first window's pages set the pace of every later window.
/// Nothing it makes leaves it: the rows are dropped, and a failure here is swallowed, never a sync's.
/// </remarks>
internal static class CodeWarmUp
{
    /// <summary>Enough calls of every method on the path to be queued for the optimizing compiler.</summary>
    public const int Rounds = 40;

    private const int UsersPerPage = 10;
    private static int s_started;

    /// <summary>Starts the warm-up once per process; later calls do nothing.</summary>
    public static void StartOnce()
    {
        if (Interlocked.Exchange(ref s_started, 1) != 0)
        {
            return;
        }

        var thread = new Thread(() =>
        {
            try
            {
                Run(Rounds);
            }
            catch (Exception)
            {
                // Only speed is at stake: the sync itself runs the same code and reports its own failures.
            }
        })
        {
            IsBackground = true,
            Priority = ThreadPriority.BelowNormal,
            Name = "baton-clerk.warm",
        };
        thread.Start();
    }

    /// <summary>Parses and encodes the made-up pages <paramref name="rounds"/> times; returns the rows the last round encoded.</summary>
    internal static WarmUpRows Run(int rounds)
    {
        var usersPage = JsonSerializer.SerializeToUtf8Bytes(MadeUpUsers(), ClerkJsonContext.Default.ListClerkUser);
        var membershipsPage = JsonSerializer.SerializeToUtf8Bytes(MadeUpMemberships(), ClerkJsonContext.Default.ClerkListResponseClerkMembership);
        var organizationsPage = JsonSerializer.SerializeToUtf8Bytes(MadeUpOrganizations(), ClerkJsonContext.Default.ClerkListResponseClerkOrganization);
        var roleIds = new Dictionary<string, string>(StringComparer.Ordinal) { ["org:admin"] = "role_warm_admin", ["org:member"] = "role_warm_member" };
        var allowed = new HashSet<string>(roleIds.Keys, StringComparer.Ordinal);
        var now = DateTimeOffset.UnixEpoch.AddYears(56);
        var last = new WarmUpRows(0, 0, 0, 0);
        for (var round = 0; round < rounds; round++)
        {
            // The organizations come first in a sync and, being a few thousand, ran almost wholly in unoptimized code:
            // their mapping (profiles, an entitlement per role) and message encoding were a second of CPU at 7,500.
            var organizations = ClerkClient.ReadBody(organizationsPage, ClerkJsonContext.Default.ClerkListResponseClerkOrganization, null);
            var outcome = OrganizationsSync.Map(WarmContext(), organizations.Data!);
            using (var rows = C1zRows.Encode(outcome.Resources, outcome.Entitlements, outcome.Grants))
            {
                last = last with { OrganizationResources = rows.Resources, OrganizationEntitlements = rows.Entitlements };
            }

            // Read as the client reads a real page.
            var users = ClerkClient.ReadBody(usersPage, ClerkJsonContext.Default.ListClerkUser, ClerkUserReader.TryReadList);

            using (var rows = UsersSync.Encode(users, now))
            {
                last = last with { UserResources = rows.Resources };
            }

            var memberships = ClerkClient.ReadBody(membershipsPage, ClerkJsonContext.Default.ClerkListResponseClerkMembership, ClerkMembershipReader.TryReadPage);

            using (var rows = C1zRows.ForGrants(memberships.Data!.Count * 2))
            {
                foreach (var membership in memberships.Data)
                {
                    MembershipMapper.Encode(membership, null, roleIds, allowed, rows);
                }

                last = last with { Grants = rows.Grants };
            }
        }

        return last;
    }

    // A context of its own: the organizations' mapping records each organization in the catalog it is given.
    private static SyncContext WarmContext()
    {
        var catalog = new SyncCatalog();
        catalog.AddRoles([new ClerkRole { Id = "role_warm_admin", Key = "org:admin", Name = "Admin" }, new ClerkRole { Id = "role_warm_member", Key = "org:member", Name = "Member" }]);
        catalog.SealRoles();
        return new SyncContext(null!, new SyncSettings { Budget = new Gate.RateBudget(1, Gate.RateBudget.ClerkWindow) }, catalog, new SyncMetrics(), _ => { });
    }

    private static ClerkListResponse<ClerkOrganization> MadeUpOrganizations()
    {
        using var metadata = JsonDocument.Parse("""{"tier":"warm","seats":40}""");
        var data = new List<ClerkOrganization>(UsersPerPage);
        for (var i = 0; i < UsersPerPage; i++)
        {
            data.Add(new ClerkOrganization
            {
                Id = $"org_warm{i}",
                Name = i % 4 == 3 ? null : $"Warm {i}",
                Slug = $"warm-{i}",
                MembersCount = i,
                CreatedAt = 1_700_000_000_000 + i,
                UpdatedAt = 1_700_000_100_000 + i,
                PublicMetadata = metadata.RootElement.Clone(),
            });
        }

        return new ClerkListResponse<ClerkOrganization> { Data = data, TotalCount = data.Count };
    }

    private static List<ClerkUser> MadeUpUsers()
    {
        var users = new List<ClerkUser>(UsersPerPage);
        using var metadata = JsonDocument.Parse("""{"department":"warm","level":3,"tags":["a","b"],"remote":true}""");
        for (var i = 0; i < UsersPerPage; i++)
        {
            var verified = new ClerkVerification { Status = "verified" };
            users.Add(new ClerkUser
            {
                Id = $"user_warm{i:D4}",
                Username = i % 3 == 0 ? null : $"warm{i}",
                FirstName = "Warm",
                LastName = $"User{i}",
                PrimaryEmailAddressId = $"idn_warm{i}",
                EmailAddresses =
                [
                    new ClerkEmailAddress { Id = $"idn_warm{i}", EmailAddress = $"warm{i}@example.com", Reserved = false, Verification = verified },
                    new ClerkEmailAddress { Id = $"idn_warm{i}b", EmailAddress = $"warm{i}@example.org", Verification = new ClerkVerification { Status = "unverified" } },
                ],
                PhoneNumbers = [new ClerkPhoneNumber { Id = $"idn_phone{i}", PhoneNumber = "+15555550100", Verification = verified }],
                ExternalAccounts = [new ClerkExternalAccount { Provider = "oauth_google" }],
                SamlAccounts = i % 2 == 0 ? [new ClerkSsoAccount { Id = $"samlacc_{i}", Provider = "saml_okta", Active = true, EmailAddress = $"warm{i}@example.com" }] : [],
                TwoFactorEnabled = i % 2 == 1,
                Banned = i % 5 == 4,
                Locked = i % 7 == 6,
                LockoutExpiresInSeconds = i % 7 == 6 ? 600 : null,
                PasswordEnabled = true,
                CreatedAt = 1_700_000_000_000 + i,
                UpdatedAt = 1_700_000_100_000 + i,
                LastSignInAt = 1_700_000_200_000 + i,
                LastActiveAt = 1_700_000_300_000 + i,
                ImageUrl = "https://img.example.com/warm",
                PublicMetadata = metadata.RootElement.Clone(),
            });
        }

        return users;
    }

    private static ClerkListResponse<ClerkMembership> MadeUpMemberships()
    {
        var data = new List<ClerkMembership>(UsersPerPage * 2);
        for (var i = 0; i < UsersPerPage * 2; i++)
        {
            data.Add(new ClerkMembership
            {
                Id = $"orgmem_warm{i}",
                Role = i % 2 == 0 ? "org:admin" : "org:member",
                RoleName = "Member",
                Organization = new ClerkOrganization { Id = $"org_warm{i % 3}", Name = "Warm", Slug = "warm" },
                PublicUserData = new ClerkPublicUserData { UserId = $"user_warm{i % UsersPerPage:D4}", Identifier = $"warm{i}@example.com" },
                CreatedAt = 1_700_000_000_000 + i,
            });
        }

        return new ClerkListResponse<ClerkMembership> { Data = data, TotalCount = data.Count };
    }
}

/// <summary>INTERNAL API. The rows the warm-up's last round encoded, page by page.</summary>
internal readonly record struct WarmUpRows(int OrganizationResources, int OrganizationEntitlements, int UserResources, int Grants);
