namespace BatonClerk.Engine.Sync.Planning;

/// <summary>Chooses how to fetch memberships with the fewest requests, from the organizations' member counts.</summary>
internal static class MembershipPlanner
{
    public static MembershipPlan Plan(MembershipStrategy strategy, IReadOnlyCollection<int> membersCounts, int pageSize)
    {
        var total = membersCounts.Sum(c => (long)Math.Max(0, c));
        var instance = Math.Max(1, CeilDiv(total, pageSize));
        var perOrganization = membersCounts.Where(c => c > 0).Sum(c => CeilDiv(c, pageSize));
        var chosen = strategy switch
        {
            MembershipStrategy.Instance => MembershipStrategy.Instance,
            MembershipStrategy.PerOrganization => MembershipStrategy.PerOrganization,
            // Ties go to the instance list: one endpoint, fewer partial pages if the counts are stale.
            _ => perOrganization < instance ? MembershipStrategy.PerOrganization : MembershipStrategy.Instance,
        };
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
