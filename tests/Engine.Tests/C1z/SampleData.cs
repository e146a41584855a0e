using BatonClerk.Engine.Baton;
using BatonClerk.Engine.Baton.V2;
using Google.Protobuf.WellKnownTypes;

namespace BatonClerk.Engine.Tests.C1z;

/// <summary>Small, fully populated Baton messages for writer/reader tests.</summary>
internal static class SampleData
{
    public static ResourceType UserType() => new()
    {
        Id = "user",
        DisplayName = "User",
        Traits = { ResourceType.Types.Trait.User },
        Description = "Clerk users",
    };

    public static ResourceType OrgType() => new()
    {
        Id = "organization",
        DisplayName = "Organization",
        Traits = { ResourceType.Types.Trait.Group },
    };

    public static Resource Org(string id) => new()
    {
        Id = new ResourceId { ResourceType = "organization", Resource = id },
        DisplayName = "Org " + id,
        Annotations = { Annotations.Pack(new GroupTrait()) },
    };

    public static Resource User(string id, string? parentOrg = null)
    {
        var profile = new Struct();
        profile.Fields.Add("email", Value.ForString($"{id}@example.com"));
        profile.Fields.Add("first_name", Value.ForString("Ada"));
        var created = Timestamp.FromDateTimeOffset(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var user = new Resource
        {
            Id = new ResourceId { ResourceType = "user", Resource = id },
            DisplayName = "User " + id,
            Description = "a user",
            Profile = profile,
            Icon = new AssetRef { Id = "icon-" + id },
            Status = new Status { Status_ = Status.Types.ResourceStatus.Enabled },
            CreatedAt = created,
            Annotations =
            {
                Annotations.Pack(new UserTrait
                {
                    Emails = { new UserTrait.Types.Email { Address = $"{id}@example.com", IsPrimary = true } },
                    Status = new UserTrait.Types.Status { Status_ = UserTrait.Types.Status.Types.Status.Enabled },
                    Login = id,
                    CreatedAt = created,
                }),
            },
        };
        if (parentOrg is not null)
        {
            user.ParentResourceId = new ResourceId { ResourceType = "organization", Resource = parentOrg };
        }

        return user;
    }

    public static Entitlement Member(string orgId) => new()
    {
        Id = BatonIds.Entitlement("organization", orgId, "member"),
        Resource = Org(orgId),
        DisplayName = "member",
        Slug = "member",
        Purpose = Entitlement.Types.PurposeValue.Assignment,
        GrantableTo = { UserType() },
    };

    public static Grant Grant(string orgId, string userId) => new()
    {
        Id = BatonIds.Grant(BatonIds.Entitlement("organization", orgId, "member"), "user", userId),
        Entitlement = new Entitlement
        {
            Id = BatonIds.Entitlement("organization", orgId, "member"),
            Resource = new Resource { Id = new ResourceId { ResourceType = "organization", Resource = orgId } },
        },
        Principal = new Resource { Id = new ResourceId { ResourceType = "user", Resource = userId } },
    };
}
