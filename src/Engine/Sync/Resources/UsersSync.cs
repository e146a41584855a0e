using BatonClerk.Engine.Mapping;
using BatonClerk.Engine.Sync.Pagers;

namespace BatonClerk.Engine.Sync.Resources;

/// <summary>
/// Users (<c>/users</c>, by offsets or created_at partitions with a cursor; <c>GET /users/{id}</c> for a targeted
/// sync): resources only, from the start of the run.
/// </summary>
internal sealed class UsersSync : IResourceSync
{
    public const string PagerName = UsersPager.PagerName;

    private UsersPager? _pager;

    public string Name => PagerName;

    public IReadOnlyList<string> After => [];

    public bool IsNeeded(SyncSettings settings) => settings.Syncs(ResourceTypes.UserId);

    public string Step(SyncSettings settings) => settings.Scope.IsTargeted ? TargetedPagers.Step : "list-resources";

    public IPagerDefinition Create(SyncContext context)
    {
        var settings = context.Settings;
        if (settings.Scope.IsTargeted)
        {
            return new TargetedPagers(context.Calls, settings, context.Catalog).CreateUsers();
        }

        _pager = new UsersPager(
            (call, ct) => context.Calls.RunAsync(call, ct),
            (q, ct) => context.Calls.RunAsync((api, c) => api.CountUsersAsync(q, c), ct),
            new UsersPagerSettings(settings.PageSize, settings.UsersCursorThreshold, settings.UserPartitions),
            users =>
            {
                var now = settings.Time.GetUtcNow();
                return context.EncodeRows
                    ? new PageOutcome { Rows = Encode(users, now) }
                    : new PageOutcome { Resources = [.. users.Select(u => UserMapper.Map(u, now))] };
            },
            context.Metrics.For(PagerName),
            context.Warn);
        return _pager;
    }

    // Straight to row bytes, equal to the message path's (UserRowEncoder): the users' mapping was the largest cost.
    internal static C1z.C1zRows Encode(IReadOnlyList<Clerk.Models.ClerkUser> users, DateTimeOffset now)
    {
        var rows = C1z.C1zRows.ForResources(users.Count);
        try
        {
            var writer = t_writer ??= new C1z.ProtoWriter();
            foreach (var user in users)
            {
                if (string.IsNullOrEmpty(user.Id))
                {
                    throw new ArgumentException("c1z rows need a complete resource id (resource_type and resource).");
                }

                UserRowEncoder.Encode(user, now, writer);
                rows.AddResource(ResourceTypes.UserId, user.Id, writer.Written);
            }

            return rows;
        }
        catch
        {
            rows.Dispose();
            throw;
        }
    }

    [ThreadStatic]
    private static C1z.ProtoWriter? t_writer;

    /// <summary>
    /// How /users was walked, as the pager ended up doing it (a fallback to offsets included); for a run resumed
    /// after the users finished, what the count implies.
    /// </summary>
    public string Plan(SyncSettings settings, SyncMetrics metrics) =>
        !IsNeeded(settings) ? "not synced"
        : settings.Scope.IsTargeted ? "one request per targeted user"
        : _pager?.Plan
            ?? (metrics.For(PagerName).Expected > settings.UsersCursorThreshold ? $"created_at partitions ({settings.UserPartitions}) with cursor" : "offsets");
}
