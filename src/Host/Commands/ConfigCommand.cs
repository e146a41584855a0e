using System.CommandLine;
using System.Globalization;
using BatonClerk.Host.Schema.V1;
using BatonClerk.Host.Configuration.Settings;
using Google.Protobuf;
using ConfigSchema = BatonClerk.Host.Schema.V1.Configuration;

namespace BatonClerk.Host.Commands;

/// <summary>
/// Prints the configuration schema as baton-sdk does: the protojson of <c>c1.config.v1.Configuration</c>, laid out
/// like Go's MarshalIndent, listing the settings exported to the UI or to ops, in declaration order.
/// </summary>
public static class ConfigCommand
{
    public static Command Create()
    {
        var command = new Command("config", "Print the configuration schema as JSON (c1.config.v1.Configuration)");
        command.SetAction(_ =>
        {
            Console.Out.Write(Render());
            return 0;
        });
        return command;
    }

    public static ConfigSchema Schema()
    {
        var schema = new ConfigSchema { DisplayName = ConnectorInfo.DisplayName };
        schema.Fields.Add(SettingCatalog.All.Where(s => s.Export != SettingExport.None).Select(ToField));
        return schema;
    }

    public static string Render() => JsonLayout.Indent(JsonFormatter.Default.Format(Schema()), escapeHtml: true);

    private static Field ToField(Setting setting)
    {
        var field = new Field
        {
            Name = setting.Name,
            DisplayName = setting.DisplayName ?? "",
            Description = setting.Description,
            IsRequired = setting.Required,
            IsOps = setting.Export == SettingExport.Ops,
            IsSecret = setting.Secret,
        };
        switch (setting.Kind)
        {
            case SettingKind.Integer:
                field.IntField = new IntField();
                if (setting.Default is { } number)
                {
                    field.IntField.DefaultValue = long.Parse(number, CultureInfo.InvariantCulture);
                }

                if (setting.Min is not null || setting.Max is not null)
                {
                    field.IntField.Rules = new Int64Rules();
                    if (setting.Min is { } min)
                    {
                        field.IntField.Rules.Gte = min;
                    }

                    if (setting.Max is { } max)
                    {
                        field.IntField.Rules.Lte = max;
                    }
                }

                break;
            case SettingKind.Boolean:
                field.BoolField = new BoolField { DefaultValue = setting.Default == "true" };
                break;
            case SettingKind.List:
                field.StringSliceField = new StringSliceField();
                break;
            default:
                field.StringField = new StringField { DefaultValue = setting.Default ?? "" };
                if (setting.Allowed is { } allowed)
                {
                    field.StringField.Rules = new StringRules();
                    field.StringField.Rules.In.Add(allowed);
                }

                break;
        }

        return field;
    }
}
