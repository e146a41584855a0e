using BatonClerk.Engine.Baton;
using BatonClerk.Engine.Baton.V2;
using BatonClerk.Engine.Clerk.Models;

namespace BatonClerk.Engine.Mapping;

internal static class RoleMapper
{
    public static Resource Map(ClerkRole role)
    {
        var profile = new ProfileBuilder()
            .Add("role_id", role.Id)
            .Add("key", role.Key)
            .Add("name", role.Name)
            .Add("description", role.Description)
            .Add("permissions", role.Permissions is { Count: > 0 } p ? string.Join(',', p.Select(x => x.Key)) : null)
            .Build();
        var resource = new Resource
        {
            Id = new ResourceId { ResourceType = ResourceTypes.RoleId, Resource = role.Id },
            DisplayName = string.IsNullOrWhiteSpace(role.Name) ? role.Key : role.Name,
            Description = role.Description ?? string.Empty,
            Profile = profile.Clone(),
            CreatedAt = ClerkTime.ToTimestamp(role.CreatedAt),
        };
        resource.Annotations.Add(Annotations.Pack(new RoleTrait { Profile = profile }));
        return resource;
    }
}
