using BatonClerk.Engine.Fleet;

namespace BatonClerk.Engine.Tests.Fleet;

public sealed class FleetConfigTests
{
    private const string KeyA = "sk_test_aaaaaaaaaaaaaaaaaaaa";
    private const string KeyB = "sk_live_bbbbbbbbbbbbbbbbbbbb";

    [Fact]
    public void Parse_ReferencesAndLiterals_ResolvesSecretsOnThisNode()
    {
        var env = new Dictionary<string, string> { ["ACME_SECRET"] = "c1-secret-from-env" };
        var files = new Dictionary<string, string> { ["/run/secrets/acme-key"] = KeyA + "\n" };
        var config = FleetConfig.Parse($"""
            connectors:
              - name: acme-prod
                client-id: acme@tenant.conductor.one/pcc
                client-secret: env:ACME_SECRET
                secret-key: file:/run/secrets/acme-key
                clerk-api-url: http://127.0.0.1:9000/v1
                requests-per-second: 5
                page-size: 50
              - name: beta
                client-id: beta@tenant.conductor.one/pcc
                client-secret: literal-secret
                secret-key: {KeyB}
                rate-limit-share: 0.25
                resource-types: [user, organization]
            """, env.GetValueOrDefault, path => files[path]);

        var acme = config.Find("acme-prod")!;
        Assert.Equal("c1-secret-from-env", acme.ClientSecret);
        Assert.Equal(KeyA, acme.Sync.SecretKey);
        Assert.Equal(5, acme.Sync.RequestsPerSecond);
        Assert.Equal(50, acme.Sync.PageSize);
        Assert.Equal("http://127.0.0.1:9000/v1", acme.Sync.ApiUrl);
        var beta = config.Find("beta")!;
        Assert.Equal(0.25, beta.Sync.RateLimitShare);
        Assert.Equal(["user", "organization"], beta.Sync.ResourceTypes);
        Assert.Equal(FleetConfig.Fingerprint(KeyB), beta.KeyFingerprint);
        Assert.DoesNotContain(KeyB, beta.KeyFingerprint, StringComparison.Ordinal);
        Assert.NotEqual(acme.KeyFingerprint, beta.KeyFingerprint);
    }

    [Fact]
    public void Parse_ManyProblems_ReportsEveryOneWithConnectorAndKeyButNoSecret()
    {
        var error = Assert.Throws<FleetConfigException>(() => FleetConfig.Parse($"""
            connectors:
              - name: one
                client-id: id
                client-secret: env:MISSING_SECRET
                secret-key: not-a-clerk-key-{KeyA}
                colour: blue
              - name: two
                client-id: id
                client-secret: s
                secret-key: {KeyA}
                requests-per-second: fast
              - client-id: id
                client-secret: s
                secret-key: {KeyA}
              - name: four
                client-id: id
                client-secret: s
                secret-key: {KeyA}
                page-size: 0
            """, _ => null, _ => throw new FileNotFoundException()));

        Assert.Contains("connector one: client-secret: environment variable MISSING_SECRET is not set", error.Problems);
        Assert.Contains("connector one: secret-key: is not a Clerk secret key (sk_live_… or sk_test_…)", error.Problems);
        Assert.Contains("connector one: unknown key colour", error.Problems);
        Assert.Contains("connector two: requests-per-second: must be a number", error.Problems);
        Assert.Contains("connector #3: name: is required", error.Problems);
        Assert.Contains(error.Problems, p => p.StartsWith("connector four: ", StringComparison.Ordinal));
        Assert.DoesNotContain(KeyA, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SharedKeyWithDifferentBudgets_IsRefused()
    {
        var error = Assert.Throws<FleetConfigException>(() => FleetConfig.Parse($"""
            connectors:
              - name: dev
                client-id: a
                client-secret: s
                secret-key: {KeyA}
                requests-per-second: 5
              - name: dev
                client-id: b
                client-secret: s
                secret-key: {KeyA}
                requests-per-second: 2
            """));

        Assert.Contains("connector dev: name: used by 2 connectors", error.Problems);
        Assert.Contains(error.Problems, p => p.EndsWith("secret-key: shared, so requests-per-second and rate-limit-share must be equal", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("connectors: []", "connectors: must be a non-empty list")]
    [InlineData("other: 1", "the file must be a mapping with a connectors: list")]
    [InlineData("connectors: [ {name: a", "not valid YAML at line")]
    public void Parse_NotAFleetFile_SaysWhy(string yaml, string expected)
    {
        var error = Assert.Throws<FleetConfigException>(() => FleetConfig.Parse(yaml));

        Assert.Contains(error.Problems, p => p.StartsWith(expected, StringComparison.Ordinal));
    }
}
