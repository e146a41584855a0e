using System.Text.Json;
using BatonClerk.Engine.Clerk.Models;
using BatonClerk.Engine.Sync;
using BatonClerk.Engine.Sync.Pagers;
using BatonClerk.Engine.Sync.Uploader;

namespace BatonClerk.Engine.Tests.Sync.Uploader;

/// <summary>
/// The resume state's JSON is generated at build time; a file written by an earlier version (through reflection)
/// must still be read, and this version must write the same text.
/// </summary>
public sealed class ResumeEntriesTests
{
    public static TheoryData<string> Requests() =>
    [
        new OffsetPage("organizations", "all", 500, 7500).ToJson(),
        new OffsetPage("memberships", "org_1", 0, null).ToJson(),
        new UsersCount().ToJson(),
        new UsersBounds { Count = 250_000 }.ToJson(),
        new UsersOffset(new CreatedRange(1_700_000_000_000, null), 1500, 4000).ToJson(),
        new UsersCursor(new CreatedRange(null, 1_700_000_000_000), 3, "user_abc").ToJson(),
        new ObjectFetch("roles", "role_1").ToJson(),
    ];

    [Theory]
    [MemberData(nameof(Requests))]
    public void ToJson_EveryRequestKind_WritesWhatReflectionWroteAndReadsItBack(string generated)
    {
        var request = PageRequest.FromJson(generated);

        Assert.Equal(JsonSerializer.Serialize(request, JsonSerializerOptions.Default), generated);
        Assert.Equal(request, JsonSerializer.Deserialize<PageRequest>(generated, JsonSerializerOptions.Default));
        Assert.StartsWith("{\"kind\":", generated, StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_CatalogEntries_WriteWhatReflectionWroteAndReadBack()
    {
        IReadOnlyList<ClerkRole> roles = [new ClerkRole { Id = "role_1", Key = "org:admin", Name = "Admin", CreatedAt = 1 }];
        IReadOnlyDictionary<string, int> members = new Dictionary<string, int> { ["org_1"] = 3, ["org_2"] = -1 };
        IReadOnlyDictionary<string, string> roleSets = new Dictionary<string, string> { ["org_1"] = "rs_1" };
        var sets = new RoleSetCatalog(true, [new RoleSetEntry("rs_1", ["org:admin", "org:member"], "org:member", "org:admin")]);
        var page = new OrganizationsPageCatalog(members, roleSets);

        Assert.Equal(JsonSerializer.Serialize(roles, JsonSerializerOptions.Default), ResumeEntries.Serialize(roles));
        Assert.Equal(JsonSerializer.Serialize(members, JsonSerializerOptions.Default), ResumeEntries.Serialize(members));
        Assert.Equal(JsonSerializer.Serialize(roleSets, JsonSerializerOptions.Default), ResumeEntries.Serialize(roleSets));
        Assert.Equal(JsonSerializer.Serialize(sets, JsonSerializerOptions.Default), ResumeEntries.Serialize(sets));
        Assert.Equal(JsonSerializer.Serialize(page, JsonSerializerOptions.Default), ResumeEntries.Serialize(page));

        Assert.Equal(roles, ResumeEntries.Deserialize<List<ClerkRole>>(ResumeEntries.Serialize(roles)));
        Assert.Equal(sets.Sets[0].RoleKeys, ResumeEntries.Deserialize<RoleSetCatalog>(ResumeEntries.Serialize(sets))!.Sets[0].RoleKeys);
        Assert.Equal(members, ResumeEntries.Deserialize<Dictionary<string, int>>(ResumeEntries.Serialize(members)));
        Assert.Equal(roleSets, ResumeEntries.Deserialize<OrganizationsPageCatalog>(ResumeEntries.Serialize(page))!.RoleSets);
    }

    [Fact]
    public void Serialize_TypeOutsideTheResumeState_IsRefused()
    {
        Assert.Throws<NotSupportedException>(() => ResumeEntries.Serialize(new Uri("https://example.com")));
    }
}
