using System.Text.Json;

namespace BatonClerk.Simulator;

/// <summary>The seven list endpoints over one snapshot. Paths are relative to /v1.</summary>
internal static class SimEndpoints
{
    private static readonly string[] UserOrderFields =
        ["created_at", "updated_at", "email_address", "web3wallet", "first_name", "last_name", "phone_number", "username", "last_active_at", "last_sign_in_at"];

    private static readonly string[] OrganizationOrderFields = ["name", "created_at", "members_count"];
    private static readonly string[] RoleOrderFields = ["created_at", "name", "key"];
    private static readonly string[] MembershipOrderFields = ["phone_number", "email_address", "created_at", "first_name", "last_name", "username"];

    /// <summary>The body of a 200, or throws <see cref="SimRequestError"/>.</summary>
    public static byte[] Serve(string path, SimQuery q, SimSnapshot s, SimServeMode mode, out int usersOffset)
    {
        usersOffset = 0;
        switch (path)
        {
            case "/users":
                return Users(mode.IgnoreCreatedAtFilters ? q.Without("created_at_after", "created_at_before") : q, s, mode, out usersOffset);
            case "/users/count":
                var (lo, hi) = UserRange(mode.IgnoreCreatedAtFilters ? q.Without("created_at_after", "created_at_before") : q, s);
                return SimJson.Write(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("object", "total_count");
                    w.WriteNumber("total_count", hi - lo);
                    w.WriteEndObject();
                });
            case "/organizations":
                return Organizations(q, s);
            case "/organization_roles":
            {
                var permissions = s.PermissionsArray.ToDictionary(p => p.Key, StringComparer.Ordinal);
                return List(q, s.RolesArray, RoleOrderFields, RoleComparer, (w, r) => SimJson.Role(w, r, permissions));
            }

            case "/organization_permissions":
                return List(q, s.PermissionsArray, RoleOrderFields, PermissionComparer, SimJson.Permission);
            case "/organization_memberships":
                return Memberships(q, s, s.MembershipsArray, mode.Encoded);
            case "/role_sets":
            {
                var createdAt = s.RolesArray.Length == 0 ? 0 : s.RolesArray[0].CreatedAt;
                return List(q, [.. SimRoleSets.Of(s.RolesArray)], RoleOrderFields, RoleSetComparer, (w, r) => SimJson.RoleSet(w, r, createdAt));
            }
        }

        var segments = path.Split('/');
        if (segments is ["", "organizations", { Length: > 0 } orgId, "memberships"])
        {
            var org = s.FindOrganization(orgId) ?? throw SimRequestError.NotFound($"organization {orgId}");
            return Memberships(q, s, s.MembershipArrayOf(org.Id), mode.Encoded);
        }

        return SimObjectEndpoints.TryServe(path, q, s) ?? throw SimRequestError.NotFound($"the path {path}");
    }

    private static byte[] Users(SimQuery q, SimSnapshot s, SimServeMode mode, out int offset)
    {
        var limit = q.Limit();
        offset = q.Offset();
        var (field, descending) = q.OrderBy(UserOrderFields);
        var cursor = q.Get("starting_after");
        var (lo, hi) = UserRange(q, s);
        int start, end;
        if (cursor is not null)
        {
            if (offset != 0)
            {
                throw new SimRequestError(422, "form_param_value_invalid", "is invalid",
                    "starting_after cannot be combined with offset", "starting_after");
            }

            if (field != "created_at")
            {
                throw new SimRequestError(422, "form_param_value_invalid", "is invalid",
                    "starting_after requires order_by created_at", "starting_after");
            }

            // Deleted users still have a place in the order, because the number inside the ID fixes it.
            var number = SimIds.TryParse("user_", cursor) ?? throw SimRequestError.Invalid("starting_after", cursor);
            if (mode.RejectDeletedCursor && !s.HasUserNumber(number))
            {
                throw new SimRequestError(422, "form_param_value_invalid", "is invalid",
                    "starting_after must name an existing user", "starting_after");
            }

            if (descending)
            {
                end = Math.Min(hi, s.FirstUserAfterNumber(number - 1));
                start = Math.Max(lo, end - limit);
            }
            else
            {
                start = Math.Max(lo, s.FirstUserAfterNumber(number));
                end = Math.Min(hi, start + limit);
            }
        }
        else if (descending)
        {
            // Orders other than created_at fall back to creation order: stable, which is all paging needs.
            end = (int)Math.Max(lo, (long)hi - offset);
            start = Math.Max(lo, end - limit);
        }
        else
        {
            start = (int)Math.Min(hi, (long)lo + offset);
            end = Math.Min(hi, start + limit);
        }

        return SimJson.Write(w =>
        {
            w.WriteStartArray();
            if (descending)
            {
                for (var i = end - 1; i >= start; i--)
                {
                    WriteUser(w, s.UsersArray[i], mode.Encoded);
                }
            }
            else
            {
                for (var i = start; i < end; i++)
                {
                    WriteUser(w, s.UsersArray[i], mode.Encoded);
                }
            }

            w.WriteEndArray();
        });
    }

    private static (int Lo, int Hi) UserRange(SimQuery q, SimSnapshot s)
    {
        var after = q.Long("created_at_after");
        var before = q.Long("created_at_before");
        var lo = after is { } a ? s.FirstUserCreatedAfter(a) : 0;
        var hi = before is { } b ? s.FirstUserCreatedAfter(b - 1) : s.UsersArray.Length;
        return (lo, Math.Max(lo, hi));
    }

    private static byte[] Organizations(SimQuery q, SimSnapshot s)
    {
        var withCount = q.Bool("include_members_count");
        return List(q, s.OrganizationsArray, OrganizationOrderFields,
            field => field switch
            {
                "name" => (a, b) => string.CompareOrdinal(a.Name, b.Name),
                "members_count" => (a, b) => s.MembershipArrayOf(a.Id).Length.CompareTo(s.MembershipArrayOf(b.Id).Length),
                _ => null,
            },
            (w, o) => SimJson.Organization(w, o, withCount ? s.MembershipArrayOf(o.Id).Length : null));
    }

    private static byte[] Memberships(SimQuery q, SimSnapshot s, SimMembership[] items, SimEncodedObjects? encoded)
    {
        var roles = s.RolesArray.ToDictionary(r => r.Key, StringComparer.Ordinal);
        return encoded is null
            ? List(q, items, MembershipOrderFields, _ => null, (w, m) => SimJson.Membership(w, m, roles))
            : List(q, items, MembershipOrderFields, _ => null, (w, m) => encoded.Membership(w, m, roles));
    }

    private static void WriteUser(Utf8JsonWriter w, SimUser u, SimEncodedObjects? encoded)
    {
        if (encoded is null)
        {
            SimJson.User(w, u);
        }
        else
        {
            encoded.User(w, u);
        }
    }

    private static Comparison<SimRole>? RoleComparer(string field) => field switch
    {
        "name" => (a, b) => string.CompareOrdinal(a.Name, b.Name),
        "key" => (a, b) => string.CompareOrdinal(a.Key, b.Key),
        _ => null,
    };

    private static Comparison<SimRoleSet>? RoleSetComparer(string field) => field switch
    {
        "name" => (a, b) => string.CompareOrdinal(a.Name, b.Name),
        "key" => (a, b) => string.CompareOrdinal(a.Key, b.Key),
        _ => null,
    };

    private static Comparison<SimPermission>? PermissionComparer(string field) => field switch
    {
        "name" => (a, b) => string.CompareOrdinal(a.Name, b.Name),
        "key" => (a, b) => string.CompareOrdinal(a.Key, b.Key),
        _ => null,
    };

    /// <summary>
    /// {data, total_count} over a creation-ordered array. A field with a comparer is really sorted (ties by creation);
    /// any other field falls back to creation order.
    /// </summary>
    private static byte[] List<T>(
        SimQuery q, T[] items, string[] orderFields, Func<string, Comparison<T>?> comparer, Action<Utf8JsonWriter, T> write)
    {
        var limit = q.Limit();
        var offset = q.Offset();
        var (field, descending) = q.OrderBy(orderFields);
        IReadOnlyList<T> ordered = items;
        if (comparer(field) is { } compare)
        {
            var positions = Enumerable.Range(0, items.Length).ToArray();
            Array.Sort(positions, (x, y) => compare(items[x], items[y]) is var c and not 0 ? c : x.CompareTo(y));
            ordered = [.. positions.Select(i => items[i])];
        }

        return SimJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("data");
            var n = ordered.Count;
            for (long k = offset; k < Math.Min(n, (long)offset + limit); k++)
            {
                write(w, ordered[descending ? n - 1 - (int)k : (int)k]);
            }

            w.WriteEndArray();
            w.WriteNumber("total_count", n);
            w.WriteEndObject();
        });
    }
}

/// <summary>How faithfully the endpoints follow Clerk's documented behaviour.</summary>
internal sealed record SimServeMode(bool IgnoreCreatedAtFilters = false, bool RejectDeletedCursor = false, SimEncodedObjects? Encoded = null)
{
    public static readonly SimServeMode Faithful = new();
}
