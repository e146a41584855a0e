using BatonClerk.Engine.Baton.V2;
using BatonClerk.Engine.Clerk.Models;

namespace BatonClerk.Engine.Mapping;

/// <summary>Permissions carry no trait: their resource type declares none, so no annotation is required.</summary>
internal static class PermissionMapper
{
    public static Resource Map(ClerkPermission permission) => new()
    {
        Id = new ResourceId { ResourceType = ResourceTypes.PermissionId, Resource = permission.Id },
        DisplayName = string.IsNullOrWhiteSpace(permission.Name) ? permission.Key : permission.Name,
        Description = permission.Description ?? string.Empty,
        Profile = new ProfileBuilder()
            .Add("permission_id", permission.Id)
            .Add("key", permission.Key)
            .Add("name", permission.Name)
            .Add("type", permission.Type)
            .Build(),
        CreatedAt = ClerkTime.ToTimestamp(permission.CreatedAt),
    };
}
