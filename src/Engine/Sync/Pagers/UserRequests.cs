namespace BatonClerk.Engine.Sync.Pagers;

public sealed record UsersCount : PageRequest
{
    public override string Key => "users:count";
}

/// <summary>Finds the oldest and newest created_at, to split the range into partitions.</summary>
public sealed record UsersBounds : PageRequest
{
    public override string Key => "users:bounds";
}

/// <summary>created_at filter bounds, both exclusive; null means unbounded.</summary>
public sealed record CreatedRange(long? After, long? Before)
{
    public static readonly CreatedRange All = new(null, null);

    public override string ToString() => $"{After?.ToString() ?? "-"}..{Before?.ToString() ?? "-"}";
}

public sealed record UsersOffset(CreatedRange Range, long Offset, long? PlannedEnd) : PageRequest
{
    public override string Key => $"users:offset:{Range}:{Offset}";
}

/// <summary>One step of a cursor walk through a created_at partition.</summary>
public sealed record UsersCursor(CreatedRange Range, int PageIndex, string? StartingAfter) : PageRequest
{
    public override string Key => $"users:cursor:{Range}:{StartingAfter ?? "start"}";
}
