using BatonClerk.Engine.Baton;
using BatonClerk.Engine.Baton.V2;
using BatonClerk.Engine.Mapping;
using BatonClerk.Host.Commands;

namespace BatonClerk.Engine.Tests.Mapping;

public sealed class ResourceTypesTests
{
    [Fact]
    public void All_TypesWithoutEntitlements_DeclareSkipEntitlementsAndGrants()
    {
        var declaring = ResourceTypes.All.Where(t => Annotations.Find<SkipEntitlementsAndGrants>(t.Annotations) is not null)
            .Select(t => t.Id);

        Assert.Equal(["user", "role", "permission"], declaring);
        var any = Assert.Single(ResourceTypes.User.Annotations);
        Assert.Equal("type.googleapis.com/c1.connector.v2.SkipEntitlementsAndGrants", any.TypeUrl);
        Assert.Empty(any.Value);
        Assert.Empty(ResourceTypes.Organization.Annotations);
    }

    [Fact]
    public void AllIds_KeptApartFromTheTypes_NameEveryTypeInOrder()
    {
        Assert.Equal(ResourceTypes.All.Select(t => t.Id), ResourceTypes.AllIds);
    }

    [Fact]
    public void CapabilitiesRender_AnnotatedTypes_PrintsTheAnnotationType()
    {
        var json = CapabilitiesCommand.Render();

        Assert.Equal(3, json.Split("\"type.googleapis.com/c1.connector.v2.SkipEntitlementsAndGrants\"").Length - 1);
    }
}
