using BatonClerk.Engine.Baton;
using BatonClerk.Engine.Baton.V2;
using BatonClerk.Engine.Mapping;

namespace BatonClerk.Engine.Provisioning;

/// <summary>A grant's or revoke's outcome as the SDK's GrantManagerService answers carry it to C1.</summary>
internal static class ProvisioningResponses
{
    /// <summary>
    /// The grants the principal holds on the organization afterwards; the asked-for entitlement is echoed whole,
    /// the other (member or role) by id. A role change names the replaced role grant; no change says so.
    /// </summary>
    public static GrantManagerServiceGrantResponse Grant(ProvisioningOutcome outcome, Entitlement asked, Resource principal)
    {
        var response = new GrantManagerServiceGrantResponse();
        var suffix = ":" + principal.Id.ResourceType + ":" + principal.Id.Resource;
        foreach (var grantId in outcome.ResultingGrantIds)
        {
            var entitlementId = grantId.EndsWith(suffix, StringComparison.Ordinal) ? grantId[..^suffix.Length] : grantId;
            var entitlement = entitlementId == asked.Id
                ? asked.Clone()
                : new Entitlement { Id = entitlementId, Resource = new Resource { Id = OrganizationMapper.Id(outcome.OrganizationId) } };
            response.Grants.Add(new Grant { Id = grantId, Entitlement = entitlement, Principal = principal.Clone() });
        }

        if (outcome.Result == ProvisioningResult.AlreadyExists)
        {
            response.Annotations.Add(Annotations.Pack(new GrantAlreadyExists()));
        }

        foreach (var replaced in outcome.ReplacedGrantIds)
        {
            response.Annotations.Add(Annotations.Pack(new GrantReplaced { ReplacedGrantId = replaced }));
        }

        return response;
    }

    public static GrantManagerServiceRevokeResponse Revoke(ProvisioningOutcome outcome)
    {
        var response = new GrantManagerServiceRevokeResponse();
        if (outcome.Result == ProvisioningResult.AlreadyRevoked)
        {
            response.Annotations.Add(Annotations.Pack(new GrantAlreadyRevoked()));
        }

        return response;
    }
}
