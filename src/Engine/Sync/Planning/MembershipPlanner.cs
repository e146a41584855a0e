namespace BatonClerk.Engine.Sync.Planning;

/// <summary>
/// Tells what each way of fetching memberships costs for the organizations' member counts. <c>auto</c> is the
/// instance list: its pages are the per-organization lists' rows without the split, so it never needs more requests
/// (the one exception, an instance whose organizations have no members at all, costs it one request), and it can
/// start before the counts are known.
/// </summary>
internal static class MembershipPlanner
{
    public static MembershipPlan Plan(MembershipStrategy strategy, IReadOnlyCollection<int> membersCounts, int pageSize)
    {
        var total = membersCounts.Sum(c => (long)Math.Max(0, c));
        var instance = Math.Max(1, CeilDiv(total, pageSize));
        var perOrganization = membersCounts.Where(c => c > 0).Sum(c => CeilDiv(c, pageSize));
        var chosen = strategy == MembershipStrategy.PerOrganization ? MembershipStrategy.PerOrganization : MembershipStrategy.Instance;
        return new MembershipPlan(chosen, instance, perOrganization, total);
    }

    private static long CeilDiv(long value, int divisor) => (value + divisor - 1) / divisor;
}

/// <summary>The chosen strategy and the request counts both strategies would need.</summary>
internal sealed record MembershipPlan(MembershipStrategy Strategy, long InstanceRequests, long PerOrganizationRequests, long Memberships)
{
    public override string ToString() =>
        $"{(Strategy == MembershipStrategy.Instance ? "instance" : "per-organization")} " +
        $"(instance {InstanceRequests} requests, per-organization {PerOrganizationRequests} requests, {Memberships} memberships)";
}
