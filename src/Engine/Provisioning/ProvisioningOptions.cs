namespace BatonClerk.Engine.Provisioning;

/// <summary>Whether grants and revokes may be written to Clerk, and the role a new membership gets.</summary>
public sealed class ProvisioningOptions
{
    /// <summary>What a new member gets when no role set answers: Clerk's own default.</summary>
    public const string FallbackDefaultRoleKey = "org:member";

    /// <summary>Overrides the default role key of every organization's role set (must belong to that set).</summary>
    public string? DefaultRoleKey { get; init; }

    /// <summary>Times one write may be sent when its outcome was unknown and the read-back showed it had not happened.</summary>
    public int MaxWriteAttempts { get; init; } = 3;

    /// <summary>429 answers waited out (per call) before giving up.</summary>
    public int MaxRateLimitWaits { get; init; } = 5;

    /// <summary>Upper bound of one 429 wait, whatever Retry-After says.</summary>
    public TimeSpan MaxRateLimitWait { get; init; } = TimeSpan.FromSeconds(30);

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
