using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BatonClerk.Host.Commands;

/// <summary>Prints the connector's configuration schema: every field, its environment variable and default.</summary>
public static class ConfigCommand
{
    private static readonly (string Name, string Description, bool Required, bool Secret, string? Default)[] Fields =
    [
        ("secret-key", "Clerk secret key (sk_live_… or sk_test_…)", true, true, null),
        ("file", "Output c1z path", false, false, "sync.c1z"),
        ("clerk-api-url", "Clerk Backend API base URL", false, false, "https://api.clerk.com/v1"),
        ("sync-resource-types", "Comma-separated subset of user,organization,role,permission", false, false, "user,organization,role,permission"),
        ("rate-limit-share", "Share of Clerk's documented rate limit to use", false, false, "0.5"),
        ("requests-per-second", "Absolute request budget; overrides rate-limit-share", false, false, null),
        ("membership-strategy", "auto, instance or per-organization", false, false, "auto"),
        ("parallelism", "Requests in flight per endpoint", false, false, "16"),
        ("log-level", "debug, info, warn or error", false, false, "info"),
        ("log-format", "console or json", false, false, null),
        ("client-id", "ConductorOne client id (service mode)", false, false, null),
        ("client-secret", "ConductorOne client secret (service mode)", false, true, null),
        ("provisioning", "Allow grants and revokes to write Clerk organization memberships", false, false, "false"),
        ("default-role-key", "Role key a new member gets (default: the organization's role set default, else org:member)", false, false, null),
    ];

    public static Command Create()
    {
        var command = new Command("config", "Print the configuration schema as JSON");
        command.SetAction(_ =>
        {
            Console.Out.WriteLine(Render());
            return 0;
        });
        return command;
    }

    public static string Render()
    {
        var fields = new JsonArray();
        foreach (var f in Fields)
        {
            var field = new JsonObject
            {
                ["name"] = f.Name,
                ["envVar"] = "BATON_" + f.Name.Replace('-', '_').ToUpperInvariant(),
                ["description"] = f.Description,
                ["isRequired"] = f.Required,
                ["isSecret"] = f.Secret,
            };
            if (f.Default is not null)
            {
                field["defaultValue"] = f.Default;
            }

            fields.Add(field);
        }

        var schema = new JsonObject { ["displayName"] = "Clerk", ["fields"] = fields };
        return schema.ToJsonString(new JsonSerializerOptions { WriteIndented = true, IndentSize = 2 });
    }
}
