using System.Text.Json;
using System.Text.Json.Serialization;

namespace BatonClerk.Engine.Clerk.Models;

/// <summary>The ClerkErrors body every non-2xx answer carries.</summary>
internal sealed record ClerkErrorsBody
{
    [JsonPropertyName("errors")] public IReadOnlyList<ClerkErrorItem>? Errors { get; init; }
    [JsonPropertyName("meta")] public JsonElement? Meta { get; init; }
    [JsonPropertyName("clerk_trace_id")] public string? ClerkTraceId { get; init; }
}

internal sealed record ClerkErrorItem
{
    [JsonPropertyName("code")] public string? Code { get; init; }
    [JsonPropertyName("message")] public string? Message { get; init; }
    [JsonPropertyName("long_message")] public string? LongMessage { get; init; }
    [JsonPropertyName("meta")] public JsonElement? Meta { get; init; }
}
