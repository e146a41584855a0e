using BatonClerk.Engine.Baton.V2;

namespace BatonClerk.Engine.C1z;

/// <summary>A grant with the entitlement and principal rows it points at; either is null if the file lacks it.</summary>
public sealed record C1zResolvedGrant(Grant Grant, Entitlement? Entitlement, Resource? Principal);
