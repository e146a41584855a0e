namespace BatonClerk.Simulator;

/// <summary>Builds a deterministic dataset from a seed: the same options always give the same rows.</summary>
internal static class SimDatasetGenerator
{
    private const long UserSpacingMs = 60_000;
    private const long DayMs = 86_400_000;

    public static SimDataset Generate(SimDatasetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var random = new Random(options.Seed);
        var users = Users(options, random);
        var permissions = Permissions(options);
        var roles = Roles(options, permissions);
        var organizations = Organizations(options, random);
        var memberships = Memberships(options, random, users, organizations, roles);
        var byOrg = new Dictionary<string, List<SimMembership>>(StringComparer.Ordinal);
        foreach (var m in memberships)
        {
            if (!byOrg.TryGetValue(m.Organization.Id, out var list))
            {
                byOrg[m.Organization.Id] = list = [];
            }

            list.Add(m);
        }

        return new SimDataset(new SimSnapshot(users, organizations, roles, permissions, memberships,
            byOrg.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal)));
    }

    private static SimUser[] Users(SimDatasetOptions options, Random random)
    {
        var users = new SimUser[options.Users];
        for (var i = 0; i < users.Length; i++)
        {
            // Unique, strictly increasing created_at makes created_at filters and cursors unambiguous.
            var created = options.StartTimeMs + (i * UserSpacingMs) + random.Next(0, (int)UserSpacingMs - 1);
            var shape = random.Next(100);
            var usernameOnly = shape < 4;
            var emailCount = usernameOnly || shape < 8 ? 0 : shape < 88 ? 1 : random.Next(2, 5);
            users[i] = new SimUser
            {
                Number = i,
                FirstName = usernameOnly || shape % 23 == 0 ? null : SimNames.FirstNames[random.Next(SimNames.FirstNames.Length)],
                LastName = usernameOnly || shape % 17 == 0 ? null : SimNames.LastNames[random.Next(SimNames.LastNames.Length)],
                HasUsername = usernameOnly || random.Next(3) == 0,
                EmailCount = (byte)emailCount,

                // With several addresses the primary is not always the first one.
                PrimaryEmailIndex = emailCount == 0 ? (sbyte)-1 : (sbyte)random.Next(emailCount),
                Banned = random.Next(50) == 0,
                Locked = random.Next(80) == 0,
                TwoFactorEnabled = random.Next(4) == 0,
                HasExternalId = random.Next(10) == 0,
                HasPublicMetadata = random.Next(3) == 0,
                CreatedAt = created,
                UpdatedAt = created + random.Next(0, 1000) * 1000L,
                LastSignInAt = random.Next(5) == 0 ? null : created + random.Next(1, 400) * DayMs / 4,
            };
        }

        return users;
    }

    private static SimPermission[] Permissions(SimDatasetOptions options)
    {
        var keys = SimNames.SystemPermissionKeys
            .Concat(Enumerable.Range(0, options.CustomPermissions).Select(i =>
                i < SimNames.CustomPermissionKeys.Length ? SimNames.CustomPermissionKeys[i] : $"org:feature{i}:use"))
            .ToArray();
        return [.. keys.Select((key, i) => new SimPermission
        {
            Id = SimIds.Permission(i),
            Key = key,
            Name = key["org:".Length..].Replace(':', ' ').Replace('_', ' '),
            Description = $"Allows {key}",
            Type = key.StartsWith("org:sys_", StringComparison.Ordinal) ? "system" : "user",
            CreatedAt = options.StartTimeMs - DayMs + i * 1000L,
            UpdatedAt = options.StartTimeMs - DayMs + i * 1000L,
        })];
    }

    private static SimRole[] Roles(SimDatasetOptions options, SimPermission[] permissions)
    {
        var system = permissions.Where(p => p.Type == "system").Select(p => p.Key).ToArray();
        var custom = permissions.Where(p => p.Type == "user").Select(p => p.Key).ToArray();
        var specs = new List<(string Key, string Name, string[] Permissions)>
        {
            ("org:admin", "Admin", [.. system, .. custom]),
            ("org:member", "Member", ["org:sys_memberships:read", .. custom.Take(1)]),
        };
        for (var i = 0; i < options.CustomRoles; i++)
        {
            var (key, name) = i < SimNames.CustomRoles.Length ? SimNames.CustomRoles[i] : ($"org:custom_role_{i}", $"Custom role {i}");

            // Each custom role mixes a system permission with a rotating slice of the custom ones.
            string[] keys = [system[(i * 3) % system.Length], .. custom.Skip(i % Math.Max(1, custom.Length)).Take(2)];
            specs.Add((key, name, keys));
        }

        return [.. specs.Select((spec, i) => new SimRole
        {
            Id = SimIds.Role(i),
            Key = spec.Key,
            Name = spec.Name,
            Description = i == 1 ? null : $"The {spec.Name} role",
            IsCreatorEligible = spec.Key == "org:admin",
            PermissionKeys = spec.Permissions,
            CreatedAt = options.StartTimeMs - DayMs / 2 + i * 1000L,
            UpdatedAt = options.StartTimeMs - DayMs / 2 + i * 1000L,
        })];
    }

    private static SimOrganization[] Organizations(SimDatasetOptions options, Random random)
    {
        var span = Math.Max(1, (long)options.Users * UserSpacingMs);
        var step = Math.Max(1, span / Math.Max(1, options.Organizations));
        var orgs = new SimOrganization[options.Organizations];
        for (var i = 0; i < orgs.Length; i++)
        {
            var created = options.StartTimeMs + (i * step) + random.Next(0, (int)Math.Min(step, int.MaxValue));
            var word = SimNames.OrganizationWords[random.Next(SimNames.OrganizationWords.Length)];
            orgs[i] = new SimOrganization
            {
                Number = i,
                Id = SimIds.Organization(i),
                Name = $"{word} {i}",
                Slug = $"org-{i}",
                MaxAllowedMemberships = random.Next(4) == 0 ? 5 : 0,
                PublicMetadataJson = i % 5 == 0 ? $$"""{"plan":"tier-{{i % 3}}"}""" : "{}",
                CreatedAt = created,
                UpdatedAt = created,
            };
        }

        return orgs;
    }

    private static SimMembership[] Memberships(
        SimDatasetOptions options, Random random, SimUser[] users, SimOrganization[] orgs, SimRole[] roles)
    {
        var sizes = OrganizationSizes(options, random, orgs.Length);
        var customKeys = roles.Skip(2).Select(r => r.Key).ToArray();
        var total = sizes.Sum(s => (long)s);
        var list = new SimMembership[total];
        var keys = new long[total];
        long next = 0;
        var n = users.Length;
        for (var o = 0; o < orgs.Length; o++)
        {
            if (sizes[o] == 0)
            {
                continue;
            }

            // Walking the users with a stride coprime to their count visits distinct users without a hash set.
            long start = random.Next(n);
            long stride = random.Next(1, Math.Max(2, n));
            while (Gcd(stride, n) != 1)
            {
                stride = stride % n + 1;
            }

            for (long k = 0; k < sizes[o]; k++)
            {
                var user = users[(start + k * stride) % n];
                var created = Math.Max(user.CreatedAt, orgs[o].CreatedAt) + random.Next(1, 30 * 24) * 3_600_000L;
                var roll = random.NextDouble();
                var role = k == 0 ? "org:admin"
                    : roll < options.LegacyRoleFraction ? "basic_member"
                    : roll < options.LegacyRoleFraction + 0.1 ? "org:admin"
                    : roll < options.LegacyRoleFraction + 0.15 && customKeys.Length > 0 ? customKeys[random.Next(customKeys.Length)]
                    : "org:member";
                keys[next] = created;
                list[next++] = new SimMembership
                {
                    Number = 0,
                    Organization = orgs[o],
                    User = user,
                    Role = role,
                    CreatedAt = created,
                    UpdatedAt = created,
                };
            }
        }

        Array.Sort(keys, list);

        // Numbers follow creation order, so number order and created_at order agree everywhere.
        for (var i = 0; i < list.Length; i++)
        {
            list[i] = list[i] with { Number = i, OmitsUser = options.MembershipsWithoutUserEvery > 0 && i % options.MembershipsWithoutUserEvery == options.MembershipsWithoutUserEvery - 1 };
        }

        return list;
    }

    private static int[] OrganizationSizes(SimDatasetOptions options, Random random, int count)
    {
        var sizes = new int[count];
        var total = options.EffectiveMemberships;
        if (count == 0 || total == 0)
        {
            return sizes;
        }

        var order = Enumerable.Range(0, count).OrderBy(_ => random.Next()).ToArray();
        var empty = (int)Math.Floor(count * options.EmptyOrganizationFraction);
        var ranked = order.Skip(empty).ToArray();

        // Zipf-like weights: a few huge organizations, a long tail of small ones.
        var weights = ranked.Select((_, rank) => 1.0 / Math.Pow(rank + 1, 1.1)).ToArray();
        var weightSum = weights.Sum();
        long assigned = 0;
        for (var r = 0; r < ranked.Length; r++)
        {
            var size = (int)Math.Min(options.Users, Math.Floor(total * weights[r] / weightSum));
            sizes[ranked[r]] = size;
            assigned += size;
        }

        // Hand out the rounding remainder (and what the user cap cut off) one by one, smallest first.
        for (var r = ranked.Length - 1; assigned < total; r = r == 0 ? ranked.Length - 1 : r - 1)
        {
            if (sizes[ranked[r]] < options.Users)
            {
                sizes[ranked[r]]++;
                assigned++;
            }
        }

        return sizes;
    }

    private static long Gcd(long a, long b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}
