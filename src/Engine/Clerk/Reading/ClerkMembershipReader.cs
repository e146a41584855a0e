using System.Text.Json;
using BatonClerk.Engine.Clerk.Models;
using static BatonClerk.Engine.Clerk.Reading.JsonScan;

namespace BatonClerk.Engine.Clerk.Reading;

/// <summary>
/// INTERNAL API. A page of organization memberships (<c>{"data": [...], "total_count": n}</c>) read straight off its
/// UTF-8 bytes, with what the general parser would give for every property the mapping reads. Each membership embeds
/// its whole organization, public metadata included, and the general parser built all of it for every membership
/// though only its id is used: here the rest is checked as the general parser would check it and then dropped. Role
/// keys and names, which repeat on every page, share one string each. Anything unusual goes back to the general
/// parser (<see cref="FastPathMiss"/>); ClerkMembershipReaderTests holds the two together.
/// </summary>
internal static class ClerkMembershipReader
{
    private enum Field
    {
        Data, TotalCount, Id, Role, RoleName, Organization, PublicUserData, CreatedAt, UpdatedAt, UserId, Identifier,
        Name, Slug, RoleSetKey, MembersCount, MaxAllowedMemberships, ImageUrl, PublicMetadata,
    }

    // One table for the page, the membership, its organization and its user data; each reader acts only on its names.
    private static readonly PropertyTable<Field> Fields = new(
        ("data", Field.Data), ("total_count", Field.TotalCount), ("id", Field.Id), ("role", Field.Role),
        ("role_name", Field.RoleName), ("organization", Field.Organization), ("public_user_data", Field.PublicUserData),
        ("created_at", Field.CreatedAt), ("updated_at", Field.UpdatedAt), ("user_id", Field.UserId),
        ("identifier", Field.Identifier), ("name", Field.Name), ("slug", Field.Slug), ("role_set_key", Field.RoleSetKey),
        ("members_count", Field.MembersCount), ("max_allowed_memberships", Field.MaxAllowedMemberships),
        ("image_url", Field.ImageUrl), ("public_metadata", Field.PublicMetadata));

    [ThreadStatic]
    private static Utf8StringCache? t_roles;

    [ThreadStatic]
    private static Utf8StringCache? t_organizations;

    private static readonly JsonScan.ItemReader<ClerkMembership> s_membership = ReadMembership;

    /// <summary>The page of a memberships body; false when the general parser must decide it.</summary>
    public static bool TryReadPage(ReadOnlySpan<byte> utf8, out ClerkListResponse<ClerkMembership> page)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8);
            Expect(ref reader, JsonTokenType.StartObject);
            page = new ClerkListResponse<ClerkMembership>();
            while (NextProperty(ref reader, out var name))
            {
                switch (Find(name))
                {
                    case Field.Data: page.Data = NullableList(ref reader, s_membership); break;
                    case Field.TotalCount: page.TotalCount = NullableInt64(ref reader); break;
                    default: SkipValue(ref reader); break;
                }
            }

            End(ref reader);
            return true;
        }
        catch (Exception e) when (e is FastPathMiss or JsonException or InvalidOperationException or FormatException)
        {
            page = null!;
            return false;
        }
    }

    private static ClerkMembership ReadMembership(ref Utf8JsonReader reader)
    {
        var membership = new ClerkMembership();
        var hasId = false;
        while (NextProperty(ref reader, out var name))
        {
            switch (Find(name))
            {
                case Field.Id: membership.Id = String(ref reader); hasId = true; break;
                case Field.Role: membership.Role = NullableString(ref reader, t_roles ??= new Utf8StringCache(16)); break;
                case Field.RoleName: membership.RoleName = NullableString(ref reader, t_roles ??= new Utf8StringCache(16)); break;
                case Field.Organization: membership.Organization = ReadOrganization(ref reader); break;
                case Field.PublicUserData: membership.PublicUserData = ReadUserData(ref reader); break;
                case Field.CreatedAt: membership.CreatedAt = Int64(ref reader); break;
                case Field.UpdatedAt: membership.UpdatedAt = NullableInt64(ref reader); break;
                default: SkipValue(ref reader); break;
            }
        }

        return hasId ? membership : throw FastPathMiss.Create();
    }

    // Only the id is kept; the other properties the model has are checked, so a body the general parser refuses is
    // still refused.
    private static ClerkOrganization? ReadOrganization(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw FastPathMiss.Create();
        }

        string? id = null;
        while (NextProperty(ref reader, out var name))
        {
            switch (Find(name))
            {
                // A page of one organization's members names it on every item.
                case Field.Id: id = CachedString(ref reader, t_organizations ??= new Utf8StringCache(4)); break;
                case Field.Name or Field.Slug or Field.RoleSetKey or Field.ImageUrl: CheckNullableString(ref reader); break;
                case Field.MembersCount or Field.MaxAllowedMemberships: _ = NullableInt32(ref reader); break;
                case Field.CreatedAt: _ = Int64(ref reader); break;
                case Field.UpdatedAt: _ = NullableInt64(ref reader); break;
                default: SkipValue(ref reader); break;
            }
        }

        return id is null ? throw FastPathMiss.Create() : new ClerkOrganization { Id = id };
    }

    private static ClerkPublicUserData? ReadUserData(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw FastPathMiss.Create();
        }

        var data = new ClerkPublicUserData();
        while (NextProperty(ref reader, out var name))
        {
            switch (Find(name))
            {
                case Field.UserId: data.UserId = NullableString(ref reader); break;
                case Field.Identifier: CheckNullableString(ref reader); break;
                default: SkipValue(ref reader); break;
            }
        }

        return data;
    }

    private static string CachedString(ref Utf8JsonReader reader, Utf8StringCache cache) =>
        NullableString(ref reader, cache) ?? throw FastPathMiss.Create();

    private static Field? Find(ReadOnlySpan<byte> name) => Fields.TryFind(name, out var field) ? field : null;
}
