namespace BatonClerk.Engine.Sync.Pagers;

internal sealed record UsersCount : PageRequest
{
    public override string Key => "users:count";

    public override bool Plans => true;
}

/// <summary>Finds the oldest and newest created_at, to split the range into partitions.</summary>
internal sealed record UsersBounds : PageRequest
{
    /// <summary>What /users/count said, for an offset plan if the created_at filters turn out to be ignored.</summary>
    public long? Count { get; init; }

    public override string Key => "users:bounds";

    /// <summary>Plans the partitions (its probe page is worked on under its turn).</summary>
    public override bool Plans => true;
}

/// <summary>created_at filter bounds, both exclusive; null means unbounded.</summary>
internal sealed record CreatedRange(long? After, long? Before)
{
    public static readonly CreatedRange All = new(null, null);

    /// <summary>
    /// Whether a row honours the filters. Boundaries count as inside: the partitions share their boundary values
    /// so that exclusive and inclusive filters both cover every millisecond.
    /// </summary>
    public bool Contains(long createdAt) => createdAt >= (After ?? long.MinValue) && createdAt <= (Before ?? long.MaxValue);

    public override string ToString() => $"{After?.ToString() ?? "-"}..{Before?.ToString() ?? "-"}";
}

internal sealed record UsersOffset(CreatedRange Range, long Offset, long? PlannedEnd) : PageRequest
{
    public override string Key => $"users:offset:{Range}:{Offset}";
}

/// <summary>One step of a cursor walk through a created_at partition.</summary>
internal sealed record UsersCursor(CreatedRange Range, int PageIndex, string? StartingAfter) : PageRequest
{
    /// <summary>The cursor user's created_at: where to pick the walk up again if that user is deleted meanwhile.</summary>
    public long? CursorCreatedAt { get; init; }

    public override string Key => $"users:cursor:{Range}:{StartingAfter ?? "start"}";
}
