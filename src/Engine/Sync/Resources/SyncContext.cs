using BatonClerk.Engine.Clerk;
using BatonClerk.Engine.Clerk.Models;

namespace BatonClerk.Engine.Sync.Resources;

/// <summary>
/// What every resource sync of one run shares: the Clerk calls behind the gate, the settings, the catalog of
/// roles and organizations, the counters, and the rule that an instance without organizations is an answer.
/// </summary>
internal sealed class SyncContext(ClerkCalls calls, SyncSettings settings, SyncCatalog catalog, SyncMetrics metrics, Action<string> warn)
{
    public ClerkCalls Calls { get; } = calls;

    public SyncSettings Settings { get; } = settings;

    public SyncCatalog Catalog { get; } = catalog;

    public SyncMetrics Metrics { get; } = metrics;

    /// <summary>The store takes encoded rows: a mapping that can encode a page without message objects does so.</summary>
    public bool EncodeRows { get; init; }

    /// <summary>Completes when every named sync has finished (or is not needed); set by the supervisor.</summary>
    public Func<IReadOnlyList<string>, Task> Finished { get; init; } = static _ => Task.CompletedTask;

    public void Warn(string message) => warn(message);

    /// <summary>
    /// Waits until <paramref name="syncs"/> have finished, for a page whose mapping needs their results. A page that
    /// has to wait gives its CPU turn back meanwhile (the pages it waits for need the turns) and takes it again after.
    /// </summary>
    public async ValueTask WaitForAsync(IReadOnlyList<string> syncs, CancellationToken cancellationToken)
    {
        var finished = Finished(syncs);
        if (finished.IsCompleted)
        {
            await finished.ConfigureAwait(false);
            return;
        }

        var turn = ResponseTurn.Current;
        turn?.Release();
        await finished.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (turn is not null)
        {
            await turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A list this instance's plan may not include (403 feature not enabled) is empty, with a warning.</summary>
    public async Task<ClerkPage<T>> OptionalFeature<T>(string what, Func<Task<ClerkPage<T>>> call)
    {
        try
        {
            return await OrganizationsOff(call).ConfigureAwait(false);
        }
        catch (ClerkApiException e) when (e.Kind == ClerkErrorKind.FeatureNotEnabled)
        {
            Answered();
            warn($"Clerk refused to list organization {what} (the feature is not enabled on this instance); syncing none.");
            return new ClerkPage<T>([], 0);
        }
    }

    /// <summary>Many Clerk apps have no organizations at all: that is an empty result, not a failed sync.</summary>
    public async Task<ClerkPage<T>> OrganizationsOff<T>(Func<Task<ClerkPage<T>>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (ClerkApiException e) when (e.Kind == ClerkErrorKind.OrganizationsNotEnabled)
        {
            Answered();
            WarnOrganizationsOff();
            return new ClerkPage<T>([], 0);
        }
    }

    /// <summary>A refusal that means "this instance has none" is an answer, not a failed attempt the summary counts as a retry.</summary>
    public void Answered() => Metrics.ResponseReceived();

    public void WarnOrganizationsOff()
    {
        if (Catalog.DisableOrganizations())
        {
            warn($"The Organizations feature is not enabled on this Clerk instance ({ClerkErrorFactory.OrganizationsNotEnabledCode}): users are synced; organizations, roles, permissions and memberships are empty.");
        }
    }
}
