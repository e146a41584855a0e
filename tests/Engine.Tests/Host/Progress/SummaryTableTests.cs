using BatonClerk.Engine.Sync;
using BatonClerk.Engine.Sync.Uploader;
using BatonClerk.Host.Progress;
using Spectre.Console.Testing;

namespace BatonClerk.Engine.Tests.Host.Progress;

public sealed class SummaryTableTests
{
    private static SyncSummary Summary() => new()
    {
        SyncId = "2abc",
        OutputPath = "/tmp/out.c1z",
        OutputBytes = 12345,
        Items = new SyncItemCounts { Users = 5000, Organizations = 150, Roles = 3, Memberships = 900 },
        Resources = 5153,
        Entitlements = 600,
        Grants = 1800,
        Requests = 41,
        RateLimited = 3,
        Retries = 2,
        Duration = TimeSpan.FromSeconds(75),
        UsersPlan = "offsets",
        MembershipPlan = "per organization",
        Pages = new Dictionary<string, PageCount> { ["users"] = new(10, 10), ["memberships"] = new(150, 150) },
        Warnings = ["Clerk announced 5001 users but 5000 arrived."],
    };

    [Fact]
    public void Build_FinishedSync_ShowsPerTypeCountsCostPlansAndWarnings()
    {
        var console = new TestConsole().Width(100);
        console.Write(SummaryTable.Build(Summary(), ["user", "organization", "role"]));
        var lines = console.Lines;

        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"│ users\s+│\s+5,000 │\s+5,000 │\s+- │\s+- │\s+10/10 │"));
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"│ organizations\s+│\s+150 │\s+150 │\s+600 │\s+- │\s+- │"));
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"│ grants\s+│\s+900 │\s+- │\s+- │\s+1,800 │\s+150/150 │"));
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"│ in the file\s+│\s+│\s+5,153 │\s+600 │\s+1,800 │"));
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^429s\s+3\s*$"));
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^duration\s+1m15s\s*$"));
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^membership plan\s+per organization\s*$"));
        Assert.Contains(lines, l => l.TrimEnd() == "warning: Clerk announced 5001 users but 5000 arrived.");
    }

    [Fact]
    public void Build_RoleTypeNotSynced_ShowsNoRoleResources()
    {
        var console = new TestConsole().Width(100);
        console.Write(SummaryTable.Build(Summary(), ["user", "organization"]));

        Assert.Contains(console.Lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"│ roles\s+│\s+3 │\s+- │"));
    }
}
