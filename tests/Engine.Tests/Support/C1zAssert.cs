using System.Text;
using BatonClerk.Engine.Baton;
using BatonClerk.Engine.Baton.V2;
using BatonClerk.Engine.C1z;
using BatonClerk.Simulator;
using Google.Protobuf;
using ZstdSharp;

namespace BatonClerk.Engine.Tests.Support;

/// <summary>Checks a c1z written by a sync row by row against the simulator's dataset, and a failed run's shape.</summary>
internal static class C1zAssert
{
    public static void MatchesDataset(SimDataset data, string file)
    {
        using var reader = C1zReader.Open(file);
        Assert.Equal(["organization", "permission", "role", "user"], reader.ResourceTypes().Select(t => t.Id).Order());

        var users = reader.Resources("user").ToDictionary(r => r.Id.Resource);
        Assert.Equal(data.Users.Count, users.Count);
        foreach (var u in data.Users)
        {
            var r = users[u.Id];
            var trait = Annotations.Find<UserTrait>(r.Annotations)!;
            Assert.Equal(SimExpectedRows.DisplayName(u), r.DisplayName);

            // Only proven identifiers: an unverified or reserved address never reaches emails, login or aliases.
            Assert.Equal(u.ExpectedLogin, trait.Login);
            Assert.Equal(u.VerifiedEmailAddresses.Select(e => e.Address).Order(), trait.Emails.Select(e => e.Address).Order());
            Assert.Equal(u.IdentifyingEmail?.Address, trait.Emails.SingleOrDefault(e => e.IsPrimary)?.Address);
            var unproven = u.EmailAddresses.Where(e => !e.Verified || e.Reserved).Select(e => e.Address).ToList();
            Assert.DoesNotContain(trait.LoginAliases, unproven.Contains);
            Assert.DoesNotContain(trait.Login, unproven);
            var disabled = u.Banned || u.Deprovisioned || (u.Locked && u.LockoutExpiresInSeconds is not 0);
            Assert.Equal(disabled ? Status.Types.ResourceStatus.Disabled : Status.Types.ResourceStatus.Enabled, r.Status.Status_);
            Assert.Equal(disabled ? UserTrait.Types.Status.Types.Status.Disabled : UserTrait.Types.Status.Types.Status.Enabled, trait.Status.Status_);
            Assert.Equal(u.Deprovisioned, r.Status.Details.Contains("deprovisioned", StringComparison.Ordinal));
            Assert.Equal(u.SsoEnabled, trait.SsoStatus?.SsoEnabled ?? false);
            Assert.Equal(u.TwoFactorEnabled, trait.MfaStatus.MfaEnabled);
            Assert.Equal(u.CreatedAt, r.CreatedAt.ToDateTimeOffset().ToUnixTimeMilliseconds());
            Assert.Equal(u.LastSignInAt, trait.LastLogin?.ToDateTimeOffset().ToUnixTimeMilliseconds());
            Assert.Equal(UserTrait.Types.AccountType.Human, trait.AccountType);
            var bytes = r.ToByteString().ToStringUtf8();
            Assert.DoesNotContain(SimUser.PrivateMarkerPrefix, bytes, StringComparison.Ordinal);
            Assert.DoesNotContain(SimUser.UnsafeMarkerPrefix, bytes, StringComparison.Ordinal);
        }

        var orgs = reader.Resources("organization").ToDictionary(r => r.Id.Resource);
        Assert.Equal(data.Organizations.Select(o => o.Id).Order(), orgs.Keys.Order());
        Assert.All(data.Organizations, o => Assert.Equal(o.Name, orgs[o.Id].DisplayName));
        Assert.Equal(data.Roles.Select(r => r.Id).Order(), reader.Resources("role").Select(r => r.Id.Resource).Order());
        Assert.Equal(data.Permissions.Select(p => p.Id).Order(), reader.Resources("permission").Select(r => r.Id.Resource).Order());

        // An organization's role entitlements are the roles of its role set.
        Assert.Equal(SimExpectedRows.EntitlementIds(data), reader.Entitlements().Select(e => e.Id).Order(StringComparer.Ordinal));

        var expectedGrants = SimExpectedRows.GrantIds(data);
        var grants = reader.Grants();
        Assert.Equal(expectedGrants, grants.Select(g => g.Id).Order(StringComparer.Ordinal));
        var sample = reader.ResolveGrant(expectedGrants[0])!;
        Assert.NotNull(sample.Entitlement);
        Assert.NotNull(sample.Principal);
    }

    /// <summary>A failed sync: exit 1, exactly one "error:" line on stderr (returned), and no file at all in the directory.</summary>
    public static string FailedCleanly(HostProcess.Result r, string dir)
    {
        Assert.True(r.ExitCode == 1, $"exit {r.ExitCode}: {r.StdErr}");
        var errorLines = r.StdErr.Split('\n').Where(l => l.StartsWith("error:", StringComparison.Ordinal)).ToList();
        Assert.True(errorLines.Count == 1, "expected one error line, got:\n" + string.Join('\n', errorLines));
        Assert.Empty(Directory.GetFiles(dir, "*", SearchOption.AllDirectories));
        return errorLines[0];
    }

    /// <summary>The SQLite bytes inside a c1z: "C1ZF\0" followed by one zstd frame.</summary>
    public static byte[] Decompress(string file)
    {
        using var input = File.OpenRead(file);
        var magic = new byte[5];
        input.ReadExactly(magic);
        Assert.Equal("C1ZF\0"u8.ToArray(), magic);
        using var zstd = new DecompressionStream(input);
        using var output = new MemoryStream();
        zstd.CopyTo(output);
        return output.ToArray();
    }

    /// <summary>Whether the text occurs in the bytes as UTF-8 or as UTF-16 (SQLite may store either).</summary>
    public static bool Contains(byte[] haystack, string text) =>
        haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0 || haystack.AsSpan().IndexOf(Encoding.Unicode.GetBytes(text)) >= 0;
}
