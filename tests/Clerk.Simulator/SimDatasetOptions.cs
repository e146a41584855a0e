namespace BatonClerk.Simulator;

public sealed record SimDatasetOptions
{
    public int Users { get; init; } = 1000;
    public int Organizations { get; init; } = 30;

    /// <summary>Total memberships; null means 1.4 × Users.</summary>
    public int? Memberships { get; init; }

    public int Seed { get; init; } = 1;

    /// <summary>Roles beyond org:admin and org:member.</summary>
    public int CustomRoles { get; init; } = 3;

    /// <summary>Permissions beyond the system org:sys_* ones.</summary>
    public int CustomPermissions { get; init; } = 4;

    /// <summary>Share of organizations that get no members at all.</summary>
    public double EmptyOrganizationFraction { get; init; } = 0.1;

    /// <summary>Share of memberships holding the legacy key basic_member, which matches no role.</summary>
    public double LegacyRoleFraction { get; init; } = 0.01;

    /// <summary>Every Nth membership comes without public_user_data; 0 for none.</summary>
    public int MembershipsWithoutUserEvery { get; init; }

    /// <summary>created_at of the first user, ms since the epoch; later rows are newer.</summary>
    public long StartTimeMs { get; init; } = 1_600_000_000_000;

    public int EffectiveMemberships => Memberships ?? (int)Math.Min(int.MaxValue, Math.Round(Users * 1.4));

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(Users, nameof(Users));
        ArgumentOutOfRangeException.ThrowIfNegative(Organizations, nameof(Organizations));
        ArgumentOutOfRangeException.ThrowIfNegative(EffectiveMemberships, nameof(Memberships));
        ArgumentOutOfRangeException.ThrowIfNegative(CustomRoles, nameof(CustomRoles));
        ArgumentOutOfRangeException.ThrowIfNegative(CustomPermissions, nameof(CustomPermissions));
        ArgumentOutOfRangeException.ThrowIfNegative(MembershipsWithoutUserEvery, nameof(MembershipsWithoutUserEvery));
        if (EmptyOrganizationFraction is < 0 or > 1 || LegacyRoleFraction is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(EmptyOrganizationFraction), "Fractions must lie in [0, 1].");
        }

        var nonEmpty = Organizations - (int)Math.Floor(Organizations * EmptyOrganizationFraction);
        if ((long)nonEmpty * Users < EffectiveMemberships)
        {
            throw new ArgumentException(
                $"{EffectiveMemberships} memberships do not fit {nonEmpty} non-empty organizations × {Users} users.", nameof(Memberships));
        }
    }
}
