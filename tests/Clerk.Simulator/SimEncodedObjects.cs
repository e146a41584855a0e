using System.Runtime.CompilerServices;
using System.Text.Json;

namespace BatonClerk.Simulator;

/// <summary>
/// Benchmark mode: each user and membership is encoded once and its bytes are copied into every page that holds it,
/// so the simulator spends almost no CPU on the cores the engine is being measured on. Keyed by record identity, so
/// an edited record (a new instance) is encoded afresh; role definitions are assumed not to change while it serves.
/// </summary>
internal sealed class SimEncodedObjects
{
    private readonly ConditionalWeakTable<SimUser, byte[]> _users = new();
    private readonly ConditionalWeakTable<SimMembership, byte[]> _memberships = new();

    /// <summary>Encodes the whole snapshot up front, before any request is timed.</summary>
    public void Warm(SimSnapshot s)
    {
        foreach (var u in s.UsersArray)
        {
            _users.GetValue(u, Encode);
        }

        var roles = s.RolesArray.ToDictionary(r => r.Key, StringComparer.Ordinal);
        foreach (var m in s.MembershipsArray)
        {
            _memberships.GetValue(m, x => SimJson.Write(w => SimJson.Membership(w, x, roles)));
        }
    }

    public void User(Utf8JsonWriter w, SimUser u) => w.WriteRawValue(_users.GetValue(u, Encode), skipInputValidation: true);

    public void Membership(Utf8JsonWriter w, SimMembership m, IReadOnlyDictionary<string, SimRole> roles) =>
        w.WriteRawValue(_memberships.GetValue(m, x => SimJson.Write(wr => SimJson.Membership(wr, x, roles))), skipInputValidation: true);

    private static byte[] Encode(SimUser u) => SimJson.Write(w => SimJson.User(w, u));
}
