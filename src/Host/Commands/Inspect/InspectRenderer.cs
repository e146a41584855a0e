using System.Text.Json;
using BatonClerk.Engine.Baton.V2;
using BatonClerk.Engine.C1z;

namespace BatonClerk.Host.Commands.Inspect;

/// <summary>Renders c1z contents as the baton CLI's console tables or as protojson.</summary>
internal sealed class InspectRenderer(C1zReader reader, TextWriter output, bool json)
{
    private Dictionary<string, ResourceType>? _types;
    private Dictionary<(string, string), Resource>? _resources;
    private Dictionary<string, Entitlement>? _entitlements;

    public void Stats()
    {
        var stats = reader.Stats();
        var rows = new SortedDictionary<string, long>(StringComparer.Ordinal)
        {
            ["entitlements"] = stats.Entitlements,
            ["grants"] = stats.Grants,
            ["resource_types"] = stats.ResourceTypes,
        };
        foreach (var (type, count) in stats.ResourcesByType)
        {
            rows.TryAdd(type, count);
        }

        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(new { syncId = stats.SyncId, stats = rows },
                new JsonSerializerOptions { WriteIndented = true }));
            return;
        }

        var table = new TextTable("Type", "Count");
        foreach (var (type, count) in rows)
        {
            table.Add(type, count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        table.WriteTo(output);
    }

    public void ResourceTypes()
    {
        var items = reader.ResourceTypes();
        if (json)
        {
            ProtoJson.WriteArray(output, items);
            return;
        }

        var traitNames = ResourceType.Descriptor.EnumTypes.Single(e => e.Name == "Trait");
        var table = new TextTable("ID", "Display Name", "Traits");
        foreach (var rt in items)
        {
            table.Add(rt.Id, rt.DisplayName,
                string.Join(", ", rt.Traits.Select(t => traitNames.FindValueByNumber((int)t)?.Name ?? t.ToString())));
        }

        table.WriteTo(output);
    }

    public void Resources(string? resourceType)
    {
        var items = reader.Resources(resourceType);
        if (json)
        {
            ProtoJson.WriteArray(output, items);
            return;
        }

        var table = new TextTable("ID", "Display Name", "Resource Type", "Parent Resource");
        foreach (var r in items)
        {
            var parent = r.ParentResourceId is { } p
                ? $"{ResourceName(p.ResourceType, p.Resource)} ({TypeName(p.ResourceType)})"
                : "-";
            table.Add(r.Id.Resource, r.DisplayName, TypeName(r.Id.ResourceType), parent);
        }

        table.WriteTo(output);
    }

    public void Entitlements(string? resourceType)
    {
        var items = reader.Entitlements(resourceType);
        if (json)
        {
            ProtoJson.WriteArray(output, items);
            return;
        }

        var table = new TextTable("ID", "Display Name", "Resource Type", "Resource", "Permission");
        foreach (var e in items)
        {
            var id = e.Resource?.Id;
            table.Add(e.Id, e.DisplayName, TypeName(id?.ResourceType), ResourceName(id?.ResourceType, id?.Resource),
                e.Slug);
        }

        table.WriteTo(output);
    }

    public void Grants(C1zGrantFilter filter)
    {
        var items = reader.Grants(filter);
        if (json)
        {
            ProtoJson.WriteArray(output, items);
            return;
        }

        var table = new TextTable("ID", "Resource Type", "Resource", "Entitlement", "Principal");
        foreach (var g in items)
        {
            var resource = g.Entitlement.Resource?.Id;
            var principal = g.Principal.Id;
            table.Add(g.Id, TypeName(resource?.ResourceType), ResourceName(resource?.ResourceType, resource?.Resource),
                EntitlementName(g.Entitlement.Id), ResourceName(principal?.ResourceType, principal?.Resource));
        }

        table.WriteTo(output);
    }

    private string TypeName(string? id)
    {
        _types ??= reader.ResourceTypes().GroupBy(t => t.Id).ToDictionary(g => g.Key, g => g.First());
        return id is not null && _types.TryGetValue(id, out var rt) && rt.DisplayName.Length > 0
            ? rt.DisplayName
            : id ?? "-";
    }

    private string ResourceName(string? type, string? id)
    {
        if (type is null || id is null)
        {
            return "-";
        }

        _resources ??= reader.Resources().GroupBy(r => (r.Id.ResourceType, r.Id.Resource))
            .ToDictionary(g => g.Key, g => g.First());
        return _resources.TryGetValue((type, id), out var r) && r.DisplayName.Length > 0 ? r.DisplayName : id;
    }

    private string EntitlementName(string id)
    {
        _entitlements ??= reader.Entitlements().GroupBy(e => e.Id).ToDictionary(g => g.Key, g => g.First());
        return _entitlements.TryGetValue(id, out var e) && e.DisplayName.Length > 0 ? e.DisplayName : id;
    }
}
