namespace BatonClerk.Engine.C1z;

/// <summary>
/// Grant selection like the baton CLI: by the entitlement's resource type (optionally one resource of it), or by
/// entitlement id. Null members do not filter.
/// </summary>
public sealed record C1zGrantFilter(string? ResourceTypeId = null, string? ResourceId = null, string? EntitlementId = null);
