using System.Text.Json.Serialization;
using BatonClerk.Engine.Clerk.Models;

namespace BatonClerk.Engine.Clerk;

// Source generation keeps the hot /users path free of reflection. Unknown fields are skipped because Clerk adds
// fields without a version bump, and private_metadata/unsafe_metadata must be dropped unread.
[JsonSourceGenerationOptions(
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    RespectNullableAnnotations = true,
    PropertyNameCaseInsensitive = false)]
[JsonSerializable(typeof(List<ClerkUser>))]
[JsonSerializable(typeof(ClerkUser))]
[JsonSerializable(typeof(ClerkOrganization))]
[JsonSerializable(typeof(ClerkListResponse<ClerkOrganization>))]
[JsonSerializable(typeof(ClerkListResponse<ClerkRole>))]
[JsonSerializable(typeof(ClerkListResponse<ClerkPermission>))]
[JsonSerializable(typeof(ClerkListResponse<ClerkMembership>))]
[JsonSerializable(typeof(ClerkListResponse<ClerkRoleSet>))]
[JsonSerializable(typeof(ClerkTotalCount))]
[JsonSerializable(typeof(ClerkErrorsBody))]
[JsonSerializable(typeof(ClerkOrganization))]
[JsonSerializable(typeof(ClerkMembership))]
[JsonSerializable(typeof(ClerkObjectRef))]
[JsonSerializable(typeof(ClerkRoleSet))]
[JsonSerializable(typeof(CreateMembershipBody))]
[JsonSerializable(typeof(UpdateMembershipBody))]
internal sealed partial class ClerkJsonContext : JsonSerializerContext;
