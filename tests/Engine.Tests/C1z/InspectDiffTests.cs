using System.CommandLine;
using System.Text.Json;
using BatonClerk.Engine.Baton;
using BatonClerk.Engine.Baton.V2;
using BatonClerk.Engine.C1z;
using BatonClerk.Host.Commands;

namespace BatonClerk.Engine.Tests.C1z;

/// <summary>`inspect diff`: grants gained and lost between two finished full syncs.</summary>
public sealed class InspectDiffTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = CommandLineApp.Build().Parse(args)
            .Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .Select(l => l.TrimEnd('\r')).ToArray();

    private static Resource Org(string id, string name) => new()
    {
        Id = new ResourceId { ResourceType = "organization", Resource = id },
        DisplayName = name,
        Annotations = { Annotations.Pack(new GroupTrait()) },
    };

    private static Entitlement Entitlement(Resource org, string slug) => new()
    {
        Id = BatonIds.Entitlement("organization", org.Id.Resource, slug == "member" ? "member" : "role:" + slug),
        Resource = org,
        Slug = slug,
        DisplayName = slug,
    };

    private static Grant Grant(Entitlement entitlement, string userId) => new()
    {
        Id = BatonIds.Grant(entitlement.Id, "user", userId),
        Entitlement = new Entitlement { Id = entitlement.Id, Resource = new Resource { Id = entitlement.Resource.Id } },
        Principal = new Resource { Id = new ResourceId { ResourceType = "user", Resource = userId } },
    };

    /// <summary>One sync: org name and (user, slug) grants; users are named "User &lt;id&gt;" with login = id.</summary>
    private static C1zWriteSummary Sync(string path, string orgName, params (string User, string Slug)[] grants)
    {
        var org = Org("org_1", orgName);
        var entitlements = new[] { "member", "org:admin" }.Select(s => Entitlement(org, s)).ToDictionary(e => e.Slug);
        using var writer = C1zWriter.Create(path);
        writer.PutResourceTypes([SampleData.UserType(), SampleData.OrgType()]);
        writer.PutResources([org, .. grants.Select(g => g.User).Distinct().Select(u => SampleData.User(u))]);
        writer.PutEntitlements(entitlements.Values);
        writer.PutGrants([.. grants.Select(g => Grant(entitlements[g.Slug], g.User))]);
        return writer.Complete();
    }

    private string TwoSyncs()
    {
        var path = _dir.File("sync.c1z");
        Sync(path, "Acme", ("u1", "member"), ("u1", "org:admin"), ("u2", "member"), ("u3", "member"));
        // u1 loses admin, u2 leaves, u4 joins as admin; the org is renamed meanwhile.
        Sync(path, "Acme Corp", ("u1", "member"), ("u3", "member"), ("u4", "member"), ("u4", "org:admin"));
        return path;
    }

    [Fact]
    public void InspectDiff_OneFileTwoSyncs_ListsExactlyTheChangedGrantsByName()
    {
        var (exit, output, error) = Run("inspect", "diff", TwoSyncs());

        Assert.Equal("", error);
        Assert.Equal(0, exit);
        var lines = Lines(output);
        Assert.EndsWith(": 2 added, 2 removed", lines[0]);
        Assert.Matches(@"^Change\s+Organization\s+Entitlement\s+User\s+Login$", lines[1]);
        // A removed grant carries the names of the sync that had it.
        Assert.Equal(
        [
            "removed  Acme          org:admin    User u1  u1",
            "removed  Acme          member       User u2  u2",
            "added    Acme Corp     member       User u4  u4",
            "added    Acme Corp     org:admin    User u4  u4",
        ], lines[3..]);
    }

    [Fact]
    public void InspectDiff_Json_SplitsAddedAndRemoved()
    {
        var path = TwoSyncs();

        var (exit, output, _) = Run("inspect", "diff", path, "-o", "json");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        using var reader = C1zReader.Open(path, _dir.Path);
        var syncs = reader.FinishedSyncs();
        Assert.Equal(syncs[1].SyncId, json.RootElement.GetProperty("oldSync").GetProperty("syncId").GetString());
        Assert.Equal(syncs[0].SyncId, json.RootElement.GetProperty("newSync").GetProperty("syncId").GetString());
        var added = json.RootElement.GetProperty("added").EnumerateArray()
            .Select(e => (e.GetProperty("user").GetString(), e.GetProperty("login").GetString(), e.GetProperty("entitlement").GetString(),
                e.GetProperty("organization").GetString(), e.GetProperty("entitlementId").GetString()))
            .ToList();
        Assert.Equal(
        [
            ("User u4", "u4", "member", "Acme Corp", "organization:org_1:member"),
            ("User u4", "u4", "org:admin", "Acme Corp", "organization:org_1:role:org:admin"),
        ], added);
        var removed = json.RootElement.GetProperty("removed").EnumerateArray()
            .Select(e => (e.GetProperty("userId").GetString(), e.GetProperty("entitlement").GetString())).ToList();
        Assert.Equal([("u1", "org:admin"), ("u2", "member")], removed);
    }

    [Fact]
    public void InspectDiff_TwoFiles_ComparesTheLatestSyncOfEach()
    {
        var older = _dir.File("old.c1z");
        var newer = _dir.File("new.c1z");
        Sync(older, "Acme", ("u1", "member"));
        Sync(newer, "Acme", ("u1", "member"), ("u2", "member"));

        var (exit, output, _) = Run("inspect", "diff", older, newer);

        Assert.Equal(0, exit);
        Assert.Equal(["added   Acme          member       User u2  u2"], Lines(output)[3..]);
    }

    [Fact]
    public void InspectDiff_NoChanges_PrintsAnEmptyTable()
    {
        var path = _dir.File("sync.c1z");
        Sync(path, "Acme", ("u1", "member"));
        Sync(path, "Acme", ("u1", "member"));

        var (exit, output, _) = Run("inspect", "diff", path);

        Assert.Equal(0, exit);
        Assert.EndsWith(": 0 added, 0 removed", Lines(output)[0]);
        Assert.Equal(3, Lines(output).Length);
    }

    [Fact]
    public void InspectDiff_OneSync_ExitsTwoWithOneLineError()
    {
        var path = _dir.File("sync.c1z");
        Sync(path, "Acme", ("u1", "member"));

        var (exit, output, error) = Run("inspect", "diff", path);

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Equal($"error: nothing to compare: '{path}' holds 1 finished full sync; diff needs two, or a second file",
            Assert.Single(Lines(error)));
    }

    [Fact]
    public void InspectDiff_SameFileTwice_ExitsTwo()
    {
        var path = _dir.File("sync.c1z");
        Sync(path, "Acme", ("u1", "member"));

        var (exit, _, error) = Run("inspect", "diff", path, path);

        Assert.Equal(2, exit);
        Assert.StartsWith("error: nothing to compare: both files' latest finished full sync is ", Assert.Single(Lines(error)));
    }

    [Fact]
    public void InspectDiff_SecondFileHasOnlyAnUnfinishedSync_ExitsTwo()
    {
        var path = _dir.File("sync.c1z");
        Sync(path, "Acme", ("u1", "member"));
        var unfinished = _dir.CopyFixture("sync-in-progress.c1z");

        var (exit, _, error) = Run("inspect", "diff", path, unfinished);

        Assert.Equal(2, exit);
        Assert.Equal($"error: nothing to compare: '{unfinished}' holds no finished full sync", Assert.Single(Lines(error)));
    }

    [Fact]
    public void InspectDiff_SyncIdOption_IsAUsageError()
    {
        var (exit, _, error) = Run("inspect", "diff", TwoSyncs(), "--sync-id", "x");

        Assert.Equal(2, exit);
        Assert.Contains("--sync-id does not apply to diff", error);
    }

    [Fact]
    public void InspectDiff_UnreadableFile_ExitsOne()
    {
        var path = _dir.File("bad.c1z");
        File.WriteAllText(path, "nope");

        var (exit, _, error) = Run("inspect", "diff", path);

        Assert.Equal(1, exit);
        Assert.Single(Lines(error));
    }

    [Fact]
    public void Utf8Order_AstralAgainstHighBmp_FollowsCodePointsAsSqliteDoes()
    {
        Assert.True(C1zGrantDiff.Utf8Order("\uFF01", "\U0001F600") < 0);
        Assert.True(string.CompareOrdinal("\uFF01", "\U0001F600") > 0);
        Assert.True(C1zGrantDiff.Utf8Order("a", "ab") < 0);
        Assert.Equal(0, C1zGrantDiff.Utf8Order("x\U0001F600", "x\U0001F600"));
    }
}
