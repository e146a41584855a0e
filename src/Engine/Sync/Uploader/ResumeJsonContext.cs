using System.Text.Json.Serialization;
using BatonClerk.Engine.Clerk.Models;
using BatonClerk.Engine.Sync.Pagers;

namespace BatonClerk.Engine.Sync.Uploader;

/// <summary>
/// The resume state's JSON, generated at build time with the serializer's default options, so it reads and writes
/// exactly what reflection did. Reflection built its metadata on first use: ~30 ms on the way to a sync's first
/// request (the pagers' first requests are saved as planned before they are sent), and work on every page after.
/// </summary>
[JsonSerializable(typeof(PageRequest))]
[JsonSerializable(typeof(RoleSetCatalog))]
[JsonSerializable(typeof(OrganizationsPageCatalog))]
[JsonSerializable(typeof(List<ClerkRole>))]
[JsonSerializable(typeof(IReadOnlyList<ClerkRole>))]
[JsonSerializable(typeof(Dictionary<string, int>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, int>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
internal sealed partial class ResumeJsonContext : JsonSerializerContext;
