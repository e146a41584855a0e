using BatonClerk.Engine.Clerk;
using BatonClerk.Engine.Clerk.Models;
using BatonClerk.Engine.Provisioning;

namespace BatonClerk.Engine.Tests.Provisioning;

public sealed class MembershipProvisionerTests
{
    private const string Member = "organization:org_1:member";
    private const string AdminRole = "organization:org_1:role:role_admin";
    private const string ViewerRole = "organization:org_1:role:role_viewer";

    public static TheoryData<string, string, string?, ProvisioningResult, string?, int> Table => new()
    {
        // action, entitlement, role held before, result, role held after, writes sent
        { "grant", Member, null, ProvisioningResult.Granted, "org:viewer", 1 },
        { "grant", Member, "org:admin", ProvisioningResult.AlreadyExists, "org:admin", 0 },
        { "grant", AdminRole, null, ProvisioningResult.Granted, "org:admin", 1 },
        { "grant", AdminRole, "org:viewer", ProvisioningResult.RoleChanged, "org:admin", 1 },
        { "grant", AdminRole, "org:admin", ProvisioningResult.AlreadyExists, "org:admin", 0 },
        { "revoke", AdminRole, "org:admin", ProvisioningResult.Revoked, "org:viewer", 1 },
        { "revoke", AdminRole, "org:member", ProvisioningResult.AlreadyRevoked, "org:member", 0 },
        { "revoke", AdminRole, null, ProvisioningResult.AlreadyRevoked, null, 0 },
        { "revoke", Member, "org:admin", ProvisioningResult.Revoked, null, 1 },
        { "revoke", Member, null, ProvisioningResult.AlreadyRevoked, null, 0 },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public async Task GrantOrRevoke_SemanticsTable_EndsInExpectedMembership(
        string action, string entitlement, string? before, ProvisioningResult result, string? after, int writes)
    {
        var clerk = FakeProvisioningClerk.Standard();
        if (before is not null)
        {
            clerk.Memberships[("org_1", "user_1")] = before;
        }

        var outcome = await Run(clerk, action, entitlement);

        Assert.Equal(result, outcome.Result);
        Assert.Equal(before, outcome.RoleBefore);
        Assert.Equal(after, outcome.RoleAfter);
        Assert.Equal(after, clerk.Memberships.GetValueOrDefault(("org_1", "user_1")));
        Assert.Equal(writes, clerk.Writes.Count);
    }

    [Fact]
    public async Task GrantAsync_RoleToMember_ReportsReplacedRoleGrantAndResultingGrants()
    {
        var clerk = FakeProvisioningClerk.Standard();
        clerk.Memberships[("org_1", "user_1")] = "org:viewer";

        var outcome = await Provisioner(clerk).GrantAsync(AdminRole, "user", "user_1", CancellationToken.None);

        Assert.Equal(["PATCH org_1 user_1 org:admin"], clerk.Writes);
        Assert.Equal(["organization:org_1:role:role_viewer:user:user_1"], outcome.ReplacedGrantIds);
        Assert.Equal(["organization:org_1:member:user:user_1", "organization:org_1:role:role_admin:user:user_1"], outcome.ResultingGrantIds);
    }

    [Fact]
    public async Task RevokeAsync_TheDefaultRole_RefusedWithoutWrite()
    {
        var clerk = FakeProvisioningClerk.Standard();
        clerk.Memberships[("org_1", "user_1")] = "org:viewer";

        var e = await Assert.ThrowsAsync<ProvisioningRefusedException>(() =>
            Provisioner(clerk).RevokeAsync(ViewerRole, "user", "user_1", CancellationToken.None));

        Assert.Contains("default role", e.Message, StringComparison.Ordinal);
        Assert.Empty(clerk.Writes);
        Assert.Equal("org:viewer", clerk.Memberships[("org_1", "user_1")]);
    }

    [Theory]
    [InlineData("grant", "organization:org_1", "user", "user_1", "is not one this connector grants")]
    [InlineData("grant", "role:role_admin:member", "user", "user_1", "is not one this connector grants")]
    [InlineData("grant", "organization:org_1:role:role_admin:extra", "user", "user_1", "is not one this connector grants")]
    [InlineData("grant", Member, "organization", "org_2", "only a user can")]
    [InlineData("revoke", Member, "group", "user_1", "only a user can")]
    [InlineData("grant", "organization:org_1:role:role_nope", "user", "user_1", "role role_nope is unknown to Clerk")]
    [InlineData("grant", "organization:org_1:role:role_other", "user", "user_1", "role org:billing (role_other) is not in the roles of organization org_1 (role set basic)")]
    [InlineData("grant", "organization:org_9:member", "user", "user_1", "organization org_9 is unknown to Clerk")]
    [InlineData("grant", Member, "user", "user_9", "user user_9 is unknown to Clerk")]
    [InlineData("revoke", "organization:org_9:member", "user", "user_1", "organization org_9 is unknown to Clerk")]
    public async Task GrantOrRevoke_InvalidRequest_RefusedBeforeAnyWrite(
        string action, string entitlement, string principalType, string principalId, string message)
    {
        var clerk = FakeProvisioningClerk.Standard();
        clerk.Memberships[("org_1", "user_1")] = "org:admin";
        var provisioner = Provisioner(clerk);

        var e = await Assert.ThrowsAsync<ProvisioningRefusedException>(() => action == "grant"
            ? provisioner.GrantAsync(entitlement, principalType, principalId, CancellationToken.None)
            : provisioner.RevokeAsync(entitlement, principalType, principalId, CancellationToken.None));

        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Empty(clerk.Writes);
        Assert.Equal("org:admin", clerk.Memberships[("org_1", "user_1")]);
    }

    [Fact]
    public async Task GrantAsync_OrganizationWithoutRoleSet_UsesOrgMember()
    {
        var clerk = FakeProvisioningClerk.Standard();

        var outcome = await Provisioner(clerk).GrantAsync("organization:org_plain:member", "user", "user_1", CancellationToken.None);

        Assert.Equal(["POST org_plain user_1 org:member"], clerk.Writes);
        Assert.Equal("org:member", outcome.RoleAfter);
    }

    [Fact]
    public async Task GrantAsync_RoleSetsForbidden_FallsBackToOrgMember()
    {
        var clerk = FakeProvisioningClerk.Standard();
        clerk.RoleSetError = new ClerkApiException(ClerkErrorKind.Forbidden, "access denied", 403);

        await Provisioner(clerk).GrantAsync(Member, "user", "user_1", CancellationToken.None);

        Assert.Equal(["POST org_1 user_1 org:member"], clerk.Writes);
    }

    [Fact]
    public async Task GrantAsync_DefaultRoleOverride_UsedForNewMembers()
    {
        var clerk = FakeProvisioningClerk.Standard();

        await Provisioner(clerk, new ProvisioningOptions { DefaultRoleKey = "org:member" })
            .GrantAsync(Member, "user", "user_1", CancellationToken.None);

        Assert.Equal(["POST org_1 user_1 org:member"], clerk.Writes);
    }

    [Fact]
    public async Task GrantAsync_DefaultRoleOverrideOutsideRoleSet_Refused()
    {
        var clerk = FakeProvisioningClerk.Standard();

        var e = await Assert.ThrowsAsync<ProvisioningRefusedException>(() =>
            Provisioner(clerk, new ProvisioningOptions { DefaultRoleKey = "org:billing" }).GrantAsync(Member, "user", "user_1", CancellationToken.None));

        Assert.Contains("the default role org:billing is not in the roles of organization org_1", e.Message, StringComparison.Ordinal);
        Assert.Empty(clerk.Writes);
    }

    [Fact]
    public async Task GrantAsync_TimeoutButApplied_ReadsBackAndDoesNotRepeat()
    {
        var clerk = FakeProvisioningClerk.Standard();
        clerk.FailNextWrite = (new ClerkApiException(ClerkErrorKind.Timeout, "timed out"), true);

        var outcome = await Provisioner(clerk).GrantAsync(AdminRole, "user", "user_1", CancellationToken.None);

        Assert.Equal(ProvisioningResult.Granted, outcome.Result);
        Assert.Single(clerk.Writes);
        Assert.Equal("org:admin", clerk.Memberships[("org_1", "user_1")]);
    }

    [Fact]
    public async Task GrantAsync_ConnectionResetAndNotApplied_SendsAgainAfterReadBack()
    {
        var clerk = FakeProvisioningClerk.Standard();
        clerk.FailNextWrite = (new ClerkApiException(ClerkErrorKind.Transport, "connection reset"), false);

        var outcome = await Provisioner(clerk).GrantAsync(Member, "user", "user_1", CancellationToken.None);

        Assert.Equal(ProvisioningResult.Granted, outcome.Result);
        Assert.Equal(2, clerk.Writes.Count);
        Assert.Equal("org:viewer", clerk.Memberships[("org_1", "user_1")]);
    }

    [Fact]
    public async Task GrantAsync_AlwaysTimingOut_FailsAfterTheAttemptLimit()
    {
        var clerk = new AlwaysFailingWrites(FakeProvisioningClerk.Standard());

        var e = await Assert.ThrowsAsync<ProvisioningFailedException>(() =>
            Provisioner(clerk.Inner, new ProvisioningOptions { MaxWriteAttempts = 2 }, clerk).GrantAsync(Member, "user", "user_1", CancellationToken.None));

        Assert.Contains("could not create the membership in organization org_1 for user user_1", e.Message, StringComparison.Ordinal);
        Assert.Equal(2, clerk.Inner.Writes.Count);
        Assert.False(clerk.Inner.Memberships.ContainsKey(("org_1", "user_1")));
    }

    [Fact]
    public async Task GrantAsync_ClerkRejectsWrite_FailsWithoutRepeat()
    {
        var clerk = FakeProvisioningClerk.Standard();
        clerk.FailNextWrite = (new ClerkApiException(ClerkErrorKind.InvalidRequest, "Clerk: membership limit reached", 403), false);

        var e = await Assert.ThrowsAsync<ProvisioningFailedException>(() =>
            Provisioner(clerk).GrantAsync(Member, "user", "user_1", CancellationToken.None));

        Assert.Contains("membership limit reached", e.Message, StringComparison.Ordinal);
        Assert.Single(clerk.Writes);
    }

    [Fact]
    public async Task GrantAsync_ConcurrentlyAdded_AlreadyMemberAnswerIsSuccess()
    {
        var clerk = FakeProvisioningClerk.Standard();
        clerk.FailNextWrite = (new ClerkApiException(ClerkErrorKind.InvalidRequest, "already a member", 400), true);

        var outcome = await Provisioner(clerk).GrantAsync(Member, "user", "user_1", CancellationToken.None);

        Assert.Equal(ProvisioningResult.Granted, outcome.Result);
        Assert.Single(clerk.Writes);
    }

    [Fact]
    public async Task GrantAsync_RateLimitedWrite_WaitsAndSendsAgain()
    {
        var clerk = FakeProvisioningClerk.Standard();
        clerk.FailNextWrite = (new ClerkApiException(ClerkErrorKind.RateLimited, "too many", 429, retryAfter: TimeSpan.FromMilliseconds(1)), false);

        var outcome = await Provisioner(clerk).GrantAsync(Member, "user", "user_1", CancellationToken.None);

        Assert.Equal(ProvisioningResult.Granted, outcome.Result);
        Assert.Equal(2, clerk.Writes.Count);
    }

    private static MembershipProvisioner Provisioner(
        FakeProvisioningClerk clerk, ProvisioningOptions? options = null, IClerkProvisioningApi? api = null) =>
        new(api ?? clerk, options);

    private static Task<ProvisioningOutcome> Run(FakeProvisioningClerk clerk, string action, string entitlement) =>
        action == "grant"
            ? Provisioner(clerk).GrantAsync(entitlement, "user", "user_1", CancellationToken.None)
            : Provisioner(clerk).RevokeAsync(entitlement, "user", "user_1", CancellationToken.None);

    /// <summary>Every create times out without reaching Clerk.</summary>
    private sealed class AlwaysFailingWrites(FakeProvisioningClerk inner) : IClerkProvisioningApi
    {
        public FakeProvisioningClerk Inner { get; } = inner;

        public Task<ClerkOrganization> GetOrganizationAsync(string organizationId, CancellationToken cancellationToken) =>
            Inner.GetOrganizationAsync(organizationId, cancellationToken);

        public Task<ClerkObjectRef> GetUserRefAsync(string userId, CancellationToken cancellationToken) =>
            Inner.GetUserRefAsync(userId, cancellationToken);

        public Task<ClerkRoleSet> GetRoleSetAsync(string roleSetKey, CancellationToken cancellationToken) =>
            Inner.GetRoleSetAsync(roleSetKey, cancellationToken);

        public Task<ClerkMembership?> FindMembershipAsync(string organizationId, string userId, CancellationToken cancellationToken) =>
            Inner.FindMembershipAsync(organizationId, userId, cancellationToken);

        public Task<ClerkPage<ClerkRole>> ListRolesAsync(PageQuery query, CancellationToken cancellationToken) =>
            Inner.ListRolesAsync(query, cancellationToken);

        public Task<ClerkMembership> CreateMembershipAsync(string organizationId, string userId, string roleKey, CancellationToken cancellationToken)
        {
            Inner.FailNextWrite = (new ClerkApiException(ClerkErrorKind.Timeout, "timed out"), false);
            return Inner.CreateMembershipAsync(organizationId, userId, roleKey, cancellationToken);
        }

        public Task<ClerkMembership> UpdateMembershipRoleAsync(string organizationId, string userId, string roleKey, CancellationToken cancellationToken) =>
            Inner.UpdateMembershipRoleAsync(organizationId, userId, roleKey, cancellationToken);

        public Task<ClerkMembership> DeleteMembershipAsync(string organizationId, string userId, CancellationToken cancellationToken) =>
            Inner.DeleteMembershipAsync(organizationId, userId, cancellationToken);
    }
}
