using System.Text.Json;
using BatonClerk.Engine.Sync.Pagers;

namespace BatonClerk.Engine.Sync.Uploader;

/// <summary>The layout of resume state entries: one per issued request, stored page, finished pager and catalog.</summary>
internal static class ResumeEntries
{
    public const string RequestPrefix = "req:";
    public const string StoredPrefix = "done:";
    public const string CompletePrefix = "complete:";
    public const string Roles = "catalog:roles";
    public const string Organizations = "catalog:organizations";
    public const string RoleSets = "catalog:role_sets";
    public const string OrganizationRoleSets = "catalog:organization_role_sets";

    /// <summary>Per stored page: <c>catalog:{pager}|{page key}</c>.</summary>
    public const string CatalogPrefix = "catalog:";

    public static IReadOnlyCollection<KeyValuePair<string, string>> ForStoredPage(StorePage batch)
    {
        var entries = new List<KeyValuePair<string, string>>(batch.FollowUps.Count + 1)
        {
            new($"{StoredPrefix}{batch.Pager}|{batch.Key}", batch.ItemCount.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        entries.AddRange(Issued(batch.Pager, batch.FollowUps));
        if (batch.CatalogEntry is { } catalog)
        {
            entries.Add(new($"{CatalogPrefix}{batch.Pager}|{batch.Key}", catalog));
        }

        return entries;
    }

    public static IEnumerable<KeyValuePair<string, string>> Issued(string pager, IEnumerable<PageRequest> requests) =>
        requests.Select(r => new KeyValuePair<string, string>($"{RequestPrefix}{pager}|{r.Key}", r.ToJson()));

    public static KeyValuePair<string, string> Complete(string pager) => new(CompletePrefix + pager, "1");

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value);
}
