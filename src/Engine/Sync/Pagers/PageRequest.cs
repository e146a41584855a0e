using System.Text.Json;
using System.Text.Json.Serialization;

namespace BatonClerk.Engine.Sync.Pagers;

/// <summary>
/// One planned Clerk request. The key identifies it across restarts, so a page is never counted twice and a
/// restarted pager knows what is left.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(OffsetPage), "offset")]
[JsonDerivedType(typeof(UsersCount), "users-count")]
[JsonDerivedType(typeof(UsersBounds), "users-bounds")]
[JsonDerivedType(typeof(UsersOffset), "users-offset")]
[JsonDerivedType(typeof(UsersCursor), "users-cursor")]
[JsonDerivedType(typeof(ObjectFetch), "object")]
internal abstract record PageRequest
{
    [JsonIgnore]
    public abstract string Key { get; }

    /// <summary>
    /// True for a request whose answer plans others (a count, a list's first page): they cannot be asked for until
    /// it is worked on, so it goes first at the gate and for the CPU, ahead of every pager's ordinary pages.
    /// </summary>
    [JsonIgnore]
    public virtual bool Plans => false;

    public string ToJson() => JsonSerializer.Serialize(this, Uploader.ResumeJsonContext.Default.PageRequest);

    public static PageRequest FromJson(string json) =>
        JsonSerializer.Deserialize(json, Uploader.ResumeJsonContext.Default.PageRequest) ?? throw new JsonException("empty page request");
}

/// <summary>A fetched page, already mapped to Baton objects, plus the requests it revealed.</summary>
internal sealed record PageOutcome
{
    public static readonly PageOutcome Empty = new();

    public IReadOnlyList<Baton.V2.Resource> Resources { get; init; } = [];

    public IReadOnlyList<Baton.V2.Entitlement> Entitlements { get; init; } = [];

    public IReadOnlyList<Baton.V2.Grant> Grants { get; init; } = [];

    public IReadOnlyList<PageRequest> FollowUps { get; init; } = [];

    /// <summary>
    /// The page's rows already encoded by its mapping (users, when the store takes encoded rows); the message lists
    /// are then empty.
    /// </summary>
    public C1z.C1zRows? Rows { get; init; }

    /// <summary>Clerk items on the page (users, orgs, memberships…), for progress and count checks.</summary>
    public int ItemCount { get; init; }

    /// <summary>
    /// What later phases need from this page (its roles, its organizations' member counts), saved with the page so a
    /// resumed run rebuilds the catalog without fetching the page again.
    /// </summary>
    public string? CatalogEntry { get; init; }
}
