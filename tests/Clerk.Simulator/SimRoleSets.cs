namespace BatonClerk.Simulator;

/// <summary>
/// The instance's role sets, derived from its roles: the default set holds every role; the basic set only the two
/// roles every instance has, so members of a basic organization holding a custom role hold one outside their set.
/// </summary>
public static class SimRoleSets
{
    public const string DefaultKey = "role_set:default";
    public const string BasicKey = "role_set:basic";

    public static IReadOnlyList<SimRoleSet> Of(IReadOnlyList<SimRole> roles) =>
    [
        new(DefaultKey, "Default", [.. roles], "org:member", "org:admin", 0),
        new(BasicKey, "Basic", [.. roles.Where(r => r.Key is "org:admin" or "org:member")], "org:member", "org:admin", 1),
    ];
}

public sealed record SimRoleSet(string Key, string Name, IReadOnlyList<SimRole> Roles, string DefaultRoleKey, string CreatorRoleKey, int Number)
{
    public string Id => $"rs_sim{Number:D6}";

    public bool Contains(string roleKey) => Roles.Any(r => r.Key == roleKey);
}
