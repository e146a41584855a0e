using System.Diagnostics;
using System.Text.Json;
using BatonClerk.Engine.Baton.V2;
using BatonClerk.Engine.Clerk;
using BatonClerk.Engine.Clerk.Models;
using BatonClerk.Engine.Mapping;
using BatonClerk.Engine.Sync;
using BatonClerk.Engine.Sync.Gate;
using BatonClerk.Engine.Sync.Resources;
using BatonClerk.Simulator;

namespace BatonClerk.Benchmarks;

/// <summary>CPU cost of one page of users, memberships and organizations: JSON parse and Baton mapping, without I/O.</summary>
public static class PageCostBenchmark
{
    public static async Task<int> RunAsync()
    {
        using var sim = ClerkSimulator.Start(new SimulatorOptions { DatasetOptions = new SimDatasetOptions { Users = 2000, Organizations = 500 } });
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Add("Authorization", "Bearer " + sim.SecretKey);
        var users = await http.GetByteArrayAsync($"{sim.BaseUrl}/users?limit=500&offset=0");
        var members = await http.GetByteArrayAsync($"{sim.BaseUrl}/organization_memberships?limit=500&offset=0");
        var organizations = await http.GetByteArrayAsync($"{sim.BaseUrl}/organizations?limit=500&offset=0&include_members_count=true");
        Console.WriteLine($"users page {users.Length / 1024} KiB, memberships page {members.Length / 1024} KiB, organizations page {organizations.Length / 1024} KiB");

        Time("users: tokens only", () => Tokens(users));
        Time("memberships: tokens only", () => Tokens(members));
        Time("users: JsonDocument", () => { using var d = JsonDocument.Parse(users); return d.RootElement.GetArrayLength(); });
        Time("users: parse", () => JsonSerializer.Deserialize(users, ClerkJsonContext.Default.ListClerkUser));
        Time("users: fast reader", () => BatonClerk.Engine.Clerk.Reading.ClerkUserReader.TryReadList(users, out var list) ? list : throw new InvalidOperationException("fast reader refused the page"));
        var parsed = JsonSerializer.Deserialize(users, ClerkJsonContext.Default.ListClerkUser)!;
        Time("users: map", () => parsed.Select(u => UserMapper.Map(u, DateTimeOffset.UnixEpoch)).ToList());
        Time("memberships: parse", () => JsonSerializer.Deserialize(members, ClerkJsonContext.Default.ClerkListResponseClerkMembership));
        Time("memberships: fast reader", () => BatonClerk.Engine.Clerk.Reading.ClerkMembershipReader.TryReadPage(members, out var page) ? page : throw new InvalidOperationException("fast reader refused the page"));
        var memberPage = JsonSerializer.Deserialize(members, ClerkJsonContext.Default.ClerkListResponseClerkMembership)!.Data!;
        var roleIds = new Dictionary<string, string>(StringComparer.Ordinal) { ["org:admin"] = "role_admin", ["org:member"] = "role_member" };
        Time("memberships: map", () =>
        {
            var grants = new List<Grant>(memberPage.Count * 2);
            foreach (var m in memberPage)
            {
                MembershipMapper.Map(m, null, roleIds, null, grants);
            }

            return grants;
        });
        var resources = parsed.Select(u => UserMapper.Map(u, DateTimeOffset.UnixEpoch)).ToList();
        var grantPage = new List<Grant>();
        foreach (var m in memberPage)
        {
            MembershipMapper.Map(m, null, roleIds, null, grantPage);
        }

        var buffer = new byte[1 << 16];
        using var writer = new BatonClerk.Engine.C1z.ProtoWriter();
        Time("users: map+encode direct", () =>
        {
            var total = 0;
            foreach (var u in parsed)
            {
                UserRowEncoder.Encode(u, DateTimeOffset.UnixEpoch, writer);
                total += writer.Length;
            }

            return total;
        });
        Time("memberships: map+encode direct", () =>
        {
            using var rows = BatonClerk.Engine.C1z.C1zRows.ForGrants(memberPage.Count * 2);
            foreach (var m in memberPage)
            {
                MembershipMapper.Encode(m, null, roleIds, null, rows);
            }

            return rows.Count;
        });
        Time("organizations: parse", () => ClerkClient.ReadBody(organizations, ClerkJsonContext.Default.ClerkListResponseClerkOrganization, null));
        var organizationPage = ClerkClient.ReadBody(organizations, ClerkJsonContext.Default.ClerkListResponseClerkOrganization, null).Data!;
        Time("organizations: map", () => OrganizationsSync.Map(OrganizationsContext(), organizationPage));
        var organizationOutcome = OrganizationsSync.Map(OrganizationsContext(), organizationPage);
        Time("organizations: encode", () =>
        {
            using var rows = BatonClerk.Engine.C1z.C1zRows.Encode(organizationOutcome.Resources, organizationOutcome.Entitlements, organizationOutcome.Grants);
            return rows.Entitlements;
        });
        Time("users: encode rows", () => Encode(resources, buffer));
        Time("grants: encode rows", () => Encode(grantPage, buffer));
        return 0;
    }

    // The roles the simulator's organizations use, as a sync's catalog holds them once the roles are in.
    private static SyncContext OrganizationsContext()
    {
        var catalog = new SyncCatalog();
        catalog.AddRoles([.. new[] { "org:admin", "org:member", "org:billing", "org:viewer", "org:support" }.Select(k => new ClerkRole { Id = "role_" + k[4..], Key = k, Name = k[4..] })]);
        catalog.SealRoles();
        return new SyncContext(null!, new SyncSettings { Budget = new RateBudget(1, RateBudget.ClerkWindow) }, catalog, new SyncMetrics(), _ => { });
    }

    // The floor for any reader that validates the whole body: one pass of the tokenizer.
    private static object Tokens(byte[] utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        var count = 0;
        while (reader.Read())
        {
            count++;
        }

        return count;
    }

    private static int Encode<T>(List<T> messages, byte[] buffer)
        where T : Google.Protobuf.IMessage<T>
    {
        var total = 0;
        foreach (var message in messages)
        {
            var size = message.CalculateSize();
            Google.Protobuf.MessageExtensions.WriteTo(message, buffer.AsSpan(0, size));
            total += size;
        }

        return total;
    }

    private static void Time(string what, Func<object?> action)
    {
        // The first call shows what a sync's first page pays for code not yet compiled (or ReadyToRun code).
        var cold = Stopwatch.StartNew();
        action();
        var first = cold.Elapsed.TotalMilliseconds;
        for (var i = 0; i < 20; i++)
        {
            action();
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        const int n = 100;
        for (var i = 0; i < n; i++)
        {
            action();
        }

        clock.Stop();
        Console.WriteLine($"  {what,-24}: {clock.Elapsed.TotalMilliseconds / n:F2} ms and {(GC.GetAllocatedBytesForCurrentThread() - allocated) / n / 1024.0:F0} KiB allocated per page (first call {first:F1} ms)");
    }
}
