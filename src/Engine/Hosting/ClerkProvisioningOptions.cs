namespace BatonClerk.Engine.Hosting;

/// <summary>Whether an embedding host may write to Clerk through <see cref="IClerkProvisioning"/>.</summary>
public sealed class ClerkProvisioningOptions
{
    /// <summary>The host's explicit consent to writes (the command line's -p); off by default.</summary>
    public bool Enabled { get; init; }

    /// <summary>The role a new member gets instead of its organization's role set default (--default-role-key).</summary>
    public string? DefaultRoleKey { get; init; }
}
