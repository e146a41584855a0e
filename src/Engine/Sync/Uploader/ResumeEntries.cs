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

    private static int s_warmed;

    /// <summary>
    /// Builds the requests' serializer on a thread of its own, once per process: its first use costs ~20 ms, and the sync's
    /// start would otherwise pay it on the way to the first request (each pager's first requests are saved as planned
    /// before they are sent).
    /// </summary>
    public static void WarmUpOnce()
    {
        if (Interlocked.Exchange(ref s_warmed, 1) != 0)
        {
            return;
        }

        _ = StartUpWork.Run(
            static () =>
            {
                try
                {
                    _ = PageRequest.FromJson(new OffsetPage("warm-up", "all", 0, null).ToJson());
                }
                catch (Exception)
                {
                    // Only speed is at stake: the sync serializes the same requests and reports its own failures.
                }
            });
    }

    public static KeyValuePair<string, string> Complete(string pager) => new(CompletePrefix + pager, "1");

    /// <summary>A catalog entry in the resume state; <typeparamref name="T"/> must be one of <see cref="ResumeJsonContext"/>'s types.</summary>
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, TypeInfo<T>());

    public static T? Deserialize<T>(string json) => JsonSerializer.Deserialize(json, TypeInfo<T>());

    private static System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> TypeInfo<T>() =>
        (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>?)ResumeJsonContext.Default.GetTypeInfo(typeof(T))
        ?? throw new NotSupportedException($"{typeof(T)} is not a resume state type");
}
