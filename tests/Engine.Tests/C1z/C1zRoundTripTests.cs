using BatonClerk.Engine.Baton;
using BatonClerk.Engine.Baton.V2;
using BatonClerk.Engine.C1z;

namespace BatonClerk.Engine.Tests.C1z;

public sealed class C1zRoundTripTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string WriteSample(Action<C1zWriter>? extra = null)
    {
        var path = _dir.File("sync.c1z");
        using var writer = C1zWriter.Create(path);
        writer.PutResourceTypes([SampleData.UserType(), SampleData.OrgType()]);
        writer.PutResources([SampleData.Org("org_1"), SampleData.User("user_1", parentOrg: "org_1")]);
        writer.PutEntitlements([SampleData.Member("org_1")]);
        writer.PutGrants([SampleData.Grant("org_1", "user_1")]);
        extra?.Invoke(writer);
        writer.Complete();
        return path;
    }

    [Fact]
    public void Complete_EveryMessageKind_ReadsBackEqual()
    {
        var path = WriteSample();

        using var reader = C1zReader.Open(path, _dir.Path);

        Assert.Equal([SampleData.UserType(), SampleData.OrgType()], reader.ResourceTypes());
        Assert.Equal([SampleData.Org("org_1"), SampleData.User("user_1", "org_1")], reader.Resources());
        Assert.Equal([SampleData.Member("org_1")], reader.Entitlements());
        Assert.Equal([SampleData.Grant("org_1", "user_1")], reader.Grants());
    }

    [Fact]
    public void Complete_UserResource_KeepsProfileStatusCreatedAtAndUserTrait()
    {
        var path = WriteSample();

        using var reader = C1zReader.Open(path, _dir.Path);
        var user = reader.FindResource("user", "user_1");

        Assert.NotNull(user);
        Assert.Equal("user_1@example.com", user.Profile.Fields["email"].StringValue);
        Assert.Equal("icon-user_1", user.Icon.Id);
        Assert.Equal(Status.Types.ResourceStatus.Enabled, user.Status.Status_);
        Assert.Equal(1704164645, user.CreatedAt.Seconds);
        Assert.Equal("org_1", user.ParentResourceId.Resource);
        var trait = Annotations.Find<UserTrait>(user.Annotations);
        Assert.NotNull(trait);
        Assert.Equal("user_1", trait.Login);
        Assert.Equal("user_1@example.com", trait.Emails.Single().Address);
    }

    [Fact]
    public void Complete_SingleSync_IsFinishedFullSyncWithWriterSyncId()
    {
        var path = _dir.File("sync.c1z");
        string syncId;
        using (var writer = C1zWriter.Create(path))
        {
            syncId = writer.SyncId;
            writer.Complete();
        }

        using var reader = C1zReader.Open(path, _dir.Path);

        var run = Assert.Single(reader.SyncRuns);
        Assert.Equal(syncId, run.SyncId);
        Assert.Equal("full", run.SyncType);
        Assert.NotNull(run.EndedAt);
        Assert.Equal(run, reader.SelectedSync);
        Assert.Equal(Ksuid.EncodedLength, syncId.Length);
    }

    [Fact]
    public void PutGrants_SameGrantTwice_StoredOnceWithLastData()
    {
        var updated = SampleData.Grant("org_1", "user_1");
        updated.Principal.DisplayName = "changed";
        var path = WriteSample(w =>
        {
            w.PutGrants([SampleData.Grant("org_1", "user_1"), SampleData.Grant("org_1", "user_1")]);
            w.PutGrants([updated]);
        });

        using var reader = C1zReader.Open(path, _dir.Path);

        var grant = Assert.Single(reader.Grants());
        Assert.Equal("changed", grant.Principal.DisplayName);
    }

    [Fact]
    public void Complete_Summary_CountsRowsAfterUpsert()
    {
        var path = _dir.File("sync.c1z");
        using var writer = C1zWriter.Create(path);
        writer.PutResourceTypes([SampleData.UserType(), SampleData.OrgType()]);
        writer.PutResources([SampleData.Org("org_1"), SampleData.Org("org_1"), SampleData.User("u1")]);
        writer.PutEntitlements([SampleData.Member("org_1")]);
        writer.PutGrants([SampleData.Grant("org_1", "u1"), SampleData.Grant("org_1", "u1")]);

        var summary = writer.Complete();

        Assert.Equal((2, 2, 1, 1), (summary.ResourceTypes, summary.Resources, summary.Entitlements, summary.Grants));
        Assert.Equal(new FileInfo(path).Length, summary.FileBytes);
        Assert.Equal(writer.SyncId, summary.SyncId);
    }

    [Fact]
    public void ResolveGrant_WrittenGrant_FindsEntitlementAndPrincipal()
    {
        var path = WriteSample();
        using var reader = C1zReader.Open(path, _dir.Path);

        var resolved = reader.ResolveGrant("organization:org_1:member:user:user_1");

        Assert.NotNull(resolved);
        Assert.Equal(SampleData.Member("org_1"), resolved.Entitlement);
        Assert.Equal(SampleData.User("user_1", "org_1"), resolved.Principal);
    }

    [Fact]
    public void Grants_FilterByEntitlementAndResource_SelectsMatchingOnly()
    {
        var path = WriteSample(w =>
        {
            w.PutResources([SampleData.Org("org_2"), SampleData.User("user_2")]);
            w.PutEntitlements([SampleData.Member("org_2")]);
            w.PutGrants([SampleData.Grant("org_2", "user_2"), SampleData.Grant("org_2", "user_1")]);
        });
        using var reader = C1zReader.Open(path, _dir.Path);

        Assert.Equal(3, reader.Grants().Count);
        Assert.Equal(2, reader.Grants(new C1zGrantFilter(EntitlementId: "organization:org_2:member")).Count);
        Assert.Single(reader.Grants(new C1zGrantFilter("organization", "org_1")));
        Assert.Empty(reader.Grants(new C1zGrantFilter("user")));
        Assert.Equal(2, reader.Resources("organization").Count);
    }

    [Fact]
    public void Stats_WrittenFile_CountsPerResourceType()
    {
        var path = WriteSample();
        using var reader = C1zReader.Open(path, _dir.Path);

        var stats = reader.Stats();

        Assert.Equal(2, stats.ResourceTypes);
        Assert.Equal(1, stats.Entitlements);
        Assert.Equal(1, stats.Grants);
        Assert.Equal(new Dictionary<string, long> { ["organization"] = 1, ["user"] = 1 }, stats.ResourcesByType);
    }

    [Fact]
    public void Dispose_ReaderTempCopy_IsDeleted()
    {
        var path = WriteSample();
        var before = _dir.Entries();

        using (var reader = C1zReader.Open(path, _dir.Path))
        {
            Assert.True(_dir.Entries().Length > before.Length);
        }

        Assert.Equal(before, _dir.Entries());
    }
}
