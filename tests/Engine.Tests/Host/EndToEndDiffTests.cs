using System.Text.Json;
using BatonClerk.Engine.Baton;
using BatonClerk.Engine.Baton.V2;
using BatonClerk.Engine.C1z;
using BatonClerk.Engine.Tests.Support;
using BatonClerk.Simulator;

namespace BatonClerk.Engine.Tests.Host;

/// <summary>
/// Two real one-shot syncs into the same file with the simulator's memberships changed in between: the file keeps
/// both syncs and `inspect diff` reports exactly the memberships and roles that changed.
/// </summary>
public sealed class EndToEndDiffTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("baton-clerk-diff-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private Task<HostProcess.Result> Run(ClerkSimulator sim, params string[] args) =>
        HostProcess.RunAsync(args, new Dictionary<string, string> { ["BATON_SECRET_KEY"] = sim.SecretKey }, _dir);

    private Task<HostProcess.Result> Sync(ClerkSimulator sim, string file) =>
        Run(sim, "--clerk-api-url", sim.BaseUrl, "-f", file, "--requests-per-second", "1000");

    [Fact]
    public async Task InspectDiff_AfterTwoSyncsWithChangedMemberships_ShowsExactlyTheChanges()
    {
        using var sim = ClerkSimulator.Start(new SimulatorOptions
        {
            DatasetOptions = new SimDatasetOptions { Users = 150, Organizations = 6, Seed = 5 },
        });
        var data = sim.Dataset;
        var file = Path.Combine(_dir, "sync.c1z");
        var first = await Sync(sim, file);
        Assert.True(first.ExitCode == 0, first.StdErr);
        var single = await Run(sim, "inspect", "diff", file);
        Assert.Equal(2, single.ExitCode);

        var roleKeys = data.Roles.Select(r => r.Key).ToHashSet();
        var expected = new HashSet<(string Kind, string Org, string User, string Entitlement)>();
        void Removed(SimMembership m)
        {
            expected.Add(("removed", m.OrganizationId, m.UserId, "member"));
            if (roleKeys.Contains(m.Role))
            {
                expected.Add(("removed", m.OrganizationId, m.UserId, m.Role));
            }
        }

        // One member leaves.
        var leaving = data.Memberships.First(m => roleKeys.Contains(m.Role));
        Assert.True(data.RemoveMembership(leaving.Id));
        Removed(leaving);
        // One user joins an organization as admin.
        var org = data.Organizations.Last();
        var joiner = data.Users.First(u => data.MembershipsOf(org.Id).All(m => m.UserId != u.Id));
        data.AddMembership(org.Id, joiner.Id, "org:admin");
        expected.Add(("added", org.Id, joiner.Id, "member"));
        expected.Add(("added", org.Id, joiner.Id, "org:admin"));
        // One member's role changes: the membership stays, only the role grants differ.
        var changing = data.Memberships.First(m => m.Role == "org:admin" && m.UserId != joiner.Id);
        var newRole = data.Roles.First(r => r.Key != "org:admin").Key;
        Assert.True(data.RemoveMembership(changing.Id));
        data.AddMembership(changing.OrganizationId, changing.UserId, newRole);
        expected.Add(("removed", changing.OrganizationId, changing.UserId, "org:admin"));
        expected.Add(("added", changing.OrganizationId, changing.UserId, newRole));

        var second = await Sync(sim, file);
        Assert.True(second.ExitCode == 0, second.StdErr);
        var diff = await Run(sim, "inspect", "diff", file, "-o", "json");

        Assert.True(diff.ExitCode == 0, diff.StdErr);
        using var json = JsonDocument.Parse(diff.StdOut);
        var actual = new HashSet<(string, string, string, string)>();
        foreach (var kind in new[] { "added", "removed" })
        {
            foreach (var c in json.RootElement.GetProperty(kind).EnumerateArray())
            {
                actual.Add((kind, c.GetProperty("organizationId").GetString()!, c.GetProperty("userId").GetString()!,
                    c.GetProperty("entitlement").GetString()!));
                var orgName = data.Organizations.Single(o => o.Id == c.GetProperty("organizationId").GetString()).Name;
                Assert.Equal(orgName, c.GetProperty("organization").GetString());
            }
        }

        Assert.Equal(expected.OrderBy(e => e), actual.OrderBy(e => e));
        using var reader = C1zReader.Open(file);
        Assert.Equal(2, reader.FinishedSyncs().Count);
        Assert.Equal(reader.FinishedSyncs()[0].SyncId, reader.SelectedSync!.SyncId);
        Assert.Equal(["permission", "role", "user"], reader.ResourceTypes()
            .Where(t => Annotations.Find<SkipEntitlementsAndGrants>(t.Annotations) is not null)
            .Select(t => t.Id).Order());

        var text = await Run(sim, "inspect", "diff", file);
        Assert.Equal(0, text.ExitCode);
        Assert.Equal(expected.Count, text.StdOut.Split('\n').Count(l => l.StartsWith("added ", StringComparison.Ordinal) || l.StartsWith("removed ", StringComparison.Ordinal)));
    }
}
