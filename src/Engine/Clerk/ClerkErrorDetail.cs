namespace BatonClerk.Engine.Clerk;

/// <summary>One entry of a ClerkErrors body.</summary>
public sealed record ClerkErrorDetail(string? Code, string? Message, string? LongMessage, string? ParamName);
