namespace BatonClerk.Engine.Baton;

/// <summary>
/// Id forms that C1 keys configuration on. They are raw ':' joins with no escaping, byte-identical to the Go SDK,
/// so changing them would orphan every policy a customer built on the previous ids.
/// </summary>
internal static class BatonIds
{
    public static string Entitlement(string resourceType, string resourceId, string slugPart) =>
        string.Concat(resourceType, ":", resourceId, ":", slugPart);

    public static string Grant(string entitlementId, string principalType, string principalId) =>
        string.Concat(entitlementId, ":", principalType, ":", principalId);

    /// <summary>The external_id of a v1_resources row.</summary>
    public static string ResourceRow(string resourceType, string resourceId) =>
        string.Concat(resourceType, ":", resourceId);
}
