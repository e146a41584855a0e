namespace BatonClerk.Engine.Sync.Gate;

/// <summary>
/// INTERNAL API. Which waiting request the gate serves first when a permit frees up: the lowest number, first come
/// first served within one. Set by the pager around its page's calls (an async-local, so it reaches the Clerk
/// client's gate call without a parameter on the public <see cref="Clerk.IRequestGate"/>).
/// </summary>
internal static class GatePriority
{
    /// <summary>Roles, permissions, role sets, organizations: the pagers other pagers wait for.</summary>
    public const int Prerequisite = 0;

    /// <summary>
    /// Memberships, the only rows that become grants: done before the users, the store can build its indexes in a
    /// later wait on the rate limit, and the users' rows after it keep only the small resource indexes up.
    /// </summary>
    public const int Grants = 1;

    /// <summary>Users: nothing waits for them.</summary>
    public const int Resources = 2;

    /// <summary>The number of priorities (<see cref="Prerequisite"/> to <see cref="Resources"/>).</summary>
    public const int Count = Resources + 1;

    private static readonly AsyncLocal<int> s_current = new();

    /// <summary>The priority of the calls made from here on in this async flow.</summary>
    public static int Current
    {
        get => s_current.Value;
        set => s_current.Value = value;
    }

    /// <summary>
    /// Requests a pager keeps in flight (queued at the gate or on the wire). Memberships keep twice the setting: with
    /// as many as the users, all of theirs were on the wire whenever a permit freed up, and the users took it, so the
    /// grants finished in the last window instead of before it.
    /// </summary>
    public static int InFlight(string pagerName, int parallelism) =>
        ForPager(pagerName) == Grants ? checked(parallelism * 2) : parallelism;

    public static int ForPager(string pagerName) => pagerName switch
    {
        global::BatonClerk.Engine.Sync.Resources.MembershipsSync.PagerName => Grants,
        global::BatonClerk.Engine.Sync.Resources.UsersSync.PagerName => Resources,
        _ => Prerequisite,
    };
}
