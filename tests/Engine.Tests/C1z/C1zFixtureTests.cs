using BatonClerk.Engine.Baton.V2;
using BatonClerk.Engine.C1z;

namespace BatonClerk.Engine.Tests.C1z;

/// <summary>Files written by the Go SDK itself, in an older v1 schema, must read like the SDK reads them.</summary>
public sealed class C1zFixtureTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Open_UpstreamFullSync_ReadsAllRows()
    {
        using var reader = C1zReader.Open(_dir.CopyFixture("upstream-full-sync.c1z"), _dir.Path);

        Assert.Equal(4, reader.ResourceTypes().Count);
        Assert.Equal(35_217, reader.Resources().Count);
        Assert.Equal(35_000, reader.Resources("user").Count);
        Assert.Equal(334, reader.Entitlements().Count);
        Assert.Equal(66_601, reader.Grants().Count);
    }

    [Fact]
    public void Open_UpstreamFullSync_SelectsItsOnlyUnfinishedSync()
    {
        using var reader = C1zReader.Open(_dir.CopyFixture("upstream-full-sync.c1z"), _dir.Path);

        var run = Assert.Single(reader.SyncRuns);
        Assert.Equal("36zGvJw3uxU1QMJKU2yPVQ1hBOC", run.SyncId);
        Assert.Null(run.EndedAt);
        Assert.Equal(run, reader.SelectedSync);
    }

    [Fact]
    public void Stats_UpstreamFullSync_MatchesCounts()
    {
        using var reader = C1zReader.Open(_dir.CopyFixture("upstream-full-sync.c1z"), _dir.Path);

        var stats = reader.Stats();

        Assert.Equal((4L, 334L, 66_601L, 35_217L),
            (stats.ResourceTypes, stats.Entitlements, stats.Grants, stats.Resources));
        Assert.Equal(35_000, stats.ResourcesByType["user"]);
        Assert.Equal(17, stats.ResourcesByType["group"]);
    }

    [Fact]
    public void ResolveGrant_UpstreamEveryoneMembership_FindsEntitlementAndPrincipal()
    {
        using var reader = C1zReader.Open(_dir.CopyFixture("upstream-full-sync.c1z"), _dir.Path);

        var resolved = reader.ResolveGrant("group:group-everyone:member:user:user-0000000");

        Assert.NotNull(resolved);
        Assert.Equal("group:group-everyone:member", resolved.Grant.Entitlement.Id);
        Assert.NotNull(resolved.Entitlement);
        Assert.Equal("group:group-everyone:member", resolved.Entitlement.Id);
        Assert.Equal("group-everyone", resolved.Entitlement.Resource.Id.Resource);
        Assert.NotNull(resolved.Principal);
        Assert.Equal(new ResourceId { ResourceType = "user", Resource = "user-0000000" }, resolved.Principal.Id);
        Assert.NotNull(BatonClerk.Engine.Baton.Annotations.Find<UserTrait>(resolved.Principal.Annotations));
    }

    [Fact]
    public void Grants_UpstreamByEntitlement_ReturnsEveryMember()
    {
        using var reader = C1zReader.Open(_dir.CopyFixture("upstream-full-sync.c1z"), _dir.Path);

        var grants = reader.Grants(new C1zGrantFilter(EntitlementId: "group:group-everyone:member"));

        Assert.Equal(35_000, grants.Count(g => g.Principal.Id.ResourceType == "user"));
        Assert.All(grants, g => Assert.Equal("group:group-everyone:member", g.Entitlement.Id));
    }

    [Fact]
    public void Open_SyncInProgress_SelectsUnfinishedSync()
    {
        using var reader = C1zReader.Open(_dir.CopyFixture("sync-in-progress.c1z"), _dir.Path);

        Assert.Equal("3ARefY5G8eOytquwYgm41Nq07IZ", reader.SelectedSync?.SyncId);
        Assert.False(reader.SelectedSync!.IsFinished);
        Assert.Equal(5, reader.ResourceTypes().Count);
        Assert.Equal(79, reader.Resources().Count);
        Assert.Empty(reader.Entitlements());
        Assert.Empty(reader.Grants());
    }

    [Fact]
    public void SelectSync_UnknownId_ThrowsUsageError()
    {
        using var reader = C1zReader.Open(_dir.CopyFixture("sync-in-progress.c1z"), _dir.Path);

        var error = Assert.Throws<C1zException>(() => reader.SelectSync("nope"));

        Assert.Equal(C1zErrorKind.Usage, error.Kind);
        Assert.Contains("nope", error.Message);
    }

    [Fact]
    public void Open_Fixture_LeavesSourceFileUnchanged()
    {
        var path = _dir.CopyFixture("sync-in-progress.c1z");
        var before = File.ReadAllBytes(path);

        using (C1zReader.Open(path, _dir.Path))
        {
        }

        Assert.Equal(before, File.ReadAllBytes(path));
    }
}
