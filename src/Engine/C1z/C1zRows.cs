using System.Buffers;
using System.Text;
using BatonClerk.Engine.Baton.V2;
using Google.Protobuf;

namespace BatonClerk.Engine.C1z;

/// <summary>
/// One page's rows for the c1z tables, already validated and encoded: every text column as UTF-8 and every message
/// as its protobuf bytes, in one rented buffer. Pagers build it on their own threads, so the store's single thread
/// only binds slices and steps its statements, and a page waiting for the store is one byte array rather than
/// thousands of objects the GC must trace and promote. The store disposes it once written (an undisposed one is
/// merely collected).
/// </summary>
internal sealed class C1zRows : IDisposable
{
    /// <summary>resource_type_id, external_id, parent_resource_type_id, parent_resource_id, data.</summary>
    public const int ResourceFields = 5;

    /// <summary>resource_type_id, resource_id, external_id, data.</summary>
    public const int EntitlementFields = 4;

    /// <summary>resource_type_id, resource_id, entitlement_id, principal_resource_type_id, principal_resource_id, external_id, data.</summary>
    public const int GrantFields = 7;

    private byte[]? _data;
    private int[]? _spans;
    private int _length;
    private int _spanCount;

    private C1zRows(int dataCapacity, int spanCapacity)
    {
        _data = ArrayPool<byte>.Shared.Rent(Math.Max(dataCapacity, 256));
        _spans = ArrayPool<int>.Shared.Rent(Math.Max(spanCapacity, 16));
    }

    public int Resources { get; private set; }

    public int Entitlements { get; private set; }

    public int Grants { get; private set; }

    public int Count => Resources + Entitlements + Grants;

    /// <summary>Encoded bytes held (for tests and diagnostics).</summary>
    public int ByteCount => _length;

    /// <summary>
    /// Validates every row as the writer's message methods do and encodes them; throws before any row is written.
    /// An entitlement's <c>Resource</c> is detached while the rest of it is encoded and put back before this returns,
    /// so the messages must not be read by another thread meanwhile (a page's own messages are not).
    /// </summary>
    public static C1zRows Encode(IReadOnlyList<Resource> resources, IReadOnlyList<Entitlement> entitlements, IReadOnlyList<Grant> grants)
    {
        ArgumentNullException.ThrowIfNull(resources);
        ArgumentNullException.ThrowIfNull(entitlements);
        ArgumentNullException.ThrowIfNull(grants);
        var spans = 2 * ((resources.Count * ResourceFields) + (entitlements.Count * EntitlementFields) + (grants.Count * GrantFields));
        // A guess that is usually enough: the blob is most of a row; the buffer grows if not.
        var rows = new C1zRows((resources.Count * 1536) + (entitlements.Count * 1024) + (grants.Count * 512), spans);
        try
        {
            foreach (var r in resources)
            {
                var id = C1zWriter.RequireId(r.Id, "resource id");
                var parent = r.ParentResourceId;
                rows.Text(id.ResourceType);
                rows.Joined(id.ResourceType, id.Resource);
                rows.Text(parent?.ResourceType);
                rows.Text(parent?.Resource);
                rows.Message(r);
                rows.Resources++;
            }

            var shared = new SharedResource();
            foreach (var e in entitlements)
            {
                C1zWriter.ValidateEntitlement(e);
                var resource = e.Resource.Id;
                rows.Text(resource.ResourceType);
                rows.Text(resource.Resource);
                rows.Text(e.Id);
                rows.EntitlementMessage(e, shared);
                rows.Entitlements++;
            }

            foreach (var g in grants)
            {
                C1zWriter.ValidateGrant(g);
                var resource = g.Entitlement.Resource.Id;
                var principal = g.Principal.Id;
                rows.Text(resource.ResourceType);
                rows.Text(resource.Resource);
                rows.Text(g.Entitlement.Id);
                rows.Text(principal.ResourceType);
                rows.Text(principal.Resource);
                rows.Text(g.Id);
                rows.Message(g);
                rows.Grants++;
            }

            return rows;
        }
        catch
        {
            rows.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Rows for resources whose bytes an encoder writes without message objects (<see cref="AddResource"/>); the
    /// caller has validated their ids.
    /// </summary>
    public static C1zRows ForResources(int count) => new(count * 1536, 2 * count * ResourceFields);

    /// <summary>A top-level resource (no parent) of <paramref name="resourceType"/> with its encoded message.</summary>
    public void AddResource(string resourceType, string resource, ReadOnlySpan<byte> data)
    {
        if (Entitlements > 0 || Grants > 0)
        {
            throw new InvalidOperationException("Resources come before a page's entitlements and grants.");
        }

        Text(resourceType);
        Joined(resourceType, resource);
        Text(null);
        Text(null);
        EnsureData(data.Length);
        data.CopyTo(_data.AsSpan(_length));
        AddSpan(_length, data.Length);
        _length += data.Length;
        Resources++;
    }

    /// <summary>Rows for grants written without message objects (<see cref="AddGrant"/>).</summary>
    public static C1zRows ForGrants(int count) => new(count * 512, 2 * count * GrantFields);

    /// <summary>
    /// The grant of entitlement <c>resourceType:resource:slug</c> (<c>…:slug:slugId</c> when a slug id is given) to
    /// <c>principalType:principal</c>: the ids joined in place as <see cref="Baton.BatonIds"/> joins them, and the
    /// Grant message written from the same bytes. Equal, column for column and byte for byte, to what
    /// <see cref="Encode"/> gives for a Grant with those ids and nothing else set; a page of memberships is two
    /// strings and four messages per grant fewer.
    /// </summary>
    public void AddGrant(string resourceType, string resource, string slug, string? slugId, string principalType, string principal)
    {
        if (string.IsNullOrEmpty(resourceType) || string.IsNullOrEmpty(resource) || string.IsNullOrEmpty(slug)
            || string.IsNullOrEmpty(principalType) || string.IsNullOrEmpty(principal))
        {
            throw new ArgumentException("c1z rows need a grant's complete entitlement and principal ids.");
        }

        // Encoding.UTF8, as Google.Protobuf and Text use: a lone surrogate becomes U+FFFD in both paths.
        var typeBytes = Encoding.UTF8.GetByteCount(resourceType);
        var resourceBytes = Encoding.UTF8.GetByteCount(resource);
        var entitlementBytes = typeBytes + 1 + resourceBytes + 1 + Encoding.UTF8.GetByteCount(slug)
            + (slugId is null ? 0 : 1 + Encoding.UTF8.GetByteCount(slugId));
        var principalTypeBytes = Encoding.UTF8.GetByteCount(principalType);
        var principalBytes = Encoding.UTF8.GetByteCount(principal);
        var grantBytes = entitlementBytes + 1 + principalTypeBytes + 1 + principalBytes;

        var resourceId = Field(typeBytes) + Field(resourceBytes);
        var resourceMessage = Field(resourceId);
        var entitlement = Field(resourceMessage) + Field(entitlementBytes);
        var principalId = Field(principalTypeBytes) + Field(principalBytes);
        var principalMessage = Field(principalId);
        var grant = Field(entitlement) + Field(principalMessage) + Field(grantBytes);
        EnsureData(typeBytes + resourceBytes + entitlementBytes + principalTypeBytes + principalBytes + grantBytes + grant);

        var type = Utf8(resourceType);
        var id = Utf8(resource);
        var entitlementAt = _length;
        Copy(type);
        _data![_length++] = (byte)':';
        Copy(id);
        _data[_length++] = (byte)':';
        _length += Encoding.UTF8.GetBytes(slug, _data.AsSpan(_length));
        if (slugId is not null)
        {
            _data[_length++] = (byte)':';
            _length += Encoding.UTF8.GetBytes(slugId, _data.AsSpan(_length));
        }

        var entitlementId = Span(entitlementAt, entitlementBytes);
        var pType = Utf8(principalType);
        var pId = Utf8(principal);
        var grantAt = _length;
        Copy(entitlementId);
        _data[_length++] = (byte)':';
        Copy(pType);
        _data[_length++] = (byte)':';
        Copy(pId);
        var grantId = Span(grantAt, grantBytes);

        // Grant { entitlement = 1 { resource = 1 { id = 1 { resource_type = 1, resource = 2 } }, id = 2 },
        //         principal = 2 { id = 1 { resource_type = 1, resource = 2 } }, id = 3 }
        var dataAt = _length;
        Header(1, entitlement);
        Header(1, resourceMessage);
        Header(1, resourceId);
        Header(1, type.Length);
        Copy(type);
        Header(2, id.Length);
        Copy(id);
        Header(2, entitlementId.Length);
        Copy(entitlementId);
        Header(2, principalMessage);
        Header(1, principalId);
        Header(1, pType.Length);
        Copy(pType);
        Header(2, pId.Length);
        Copy(pId);
        Header(3, grantId.Length);
        Copy(grantId);
        AddSpan(dataAt, _length - dataAt);
        Grants++;

        // A length-delimited field's size: its tag (one byte below field 16), its length, its bytes.
        static int Field(int length) => 1 + VarintSize(length) + length;
    }

    /// <summary>The <paramref name="spanIndex"/>th field written (resources' fields first, then entitlements', then grants'); false for SQL NULL.</summary>
    internal bool TryGet(int spanIndex, out ReadOnlySpan<byte> value)
    {
        var spans = _spans ?? throw new ObjectDisposedException(nameof(C1zRows));
        var offset = spans[2 * spanIndex];
        var length = spans[(2 * spanIndex) + 1];
        if (length < 0)
        {
            value = default;
            return false;
        }

        value = _data.AsSpan(offset, length);
        return true;
    }

    /// <summary>
    /// Appends these rows to <paramref name="spool"/> (counts, then the bytes and the spans as they are held) and
    /// returns the buffers: a page held while the store is busy costs the spool's bytes, not the heap's.
    /// <see cref="ReadFrom"/> gives the same rows back.
    /// </summary>
    internal void SpillTo(Stream spool)
    {
        var data = _data ?? throw new ObjectDisposedException(nameof(C1zRows));
        var spans = _spans!;
        Span<int> header = [Resources, Entitlements, Grants, _length, _spanCount];
        spool.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(header));
        spool.Write(data, 0, _length);
        spool.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(spans.AsSpan(0, 2 * _spanCount)));
        Dispose();
    }

    /// <summary>Reads back rows written by <see cref="SpillTo"/>, from the stream's position.</summary>
    internal static C1zRows ReadFrom(Stream spool)
    {
        Span<int> header = stackalloc int[5];
        spool.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(header));
        var (length, spanCount) = (header[3], header[4]);
        if (length < 0 || spanCount < 0)
        {
            throw new InvalidDataException("The page spool is corrupt.");
        }

        var rows = new C1zRows(length, 2 * spanCount);
        try
        {
            spool.ReadExactly(rows._data!, 0, length);
            spool.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(rows._spans!.AsSpan(0, 2 * spanCount)));
            (rows.Resources, rows.Entitlements, rows.Grants, rows._length, rows._spanCount) = (header[0], header[1], header[2], length, spanCount);
            return rows;
        }
        catch
        {
            rows.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _data, null) is { } data)
        {
            ArrayPool<byte>.Shared.Return(data);
        }

        if (Interlocked.Exchange(ref _spans, null) is { } spans)
        {
            ArrayPool<int>.Shared.Return(spans);
        }
    }

    private void Text(string? value)
    {
        if (value is null)
        {
            AddSpan(0, -1);
            return;
        }

        EnsureData(Encoding.UTF8.GetMaxByteCount(value.Length));
        var start = _length;
        _length += Encoding.UTF8.GetBytes(value, _data.AsSpan(_length));
        AddSpan(start, _length - start);
    }

    // Same form as BatonIds.ResourceRow, written in place.
    private void Joined(string first, string second)
    {
        EnsureData(Encoding.UTF8.GetMaxByteCount(first.Length + second.Length + 1));
        var start = _length;
        _length += Encoding.UTF8.GetBytes(first, _data.AsSpan(_length));
        _data![_length++] = (byte)':';
        _length += Encoding.UTF8.GetBytes(second, _data.AsSpan(_length));
        AddSpan(start, _length - start);
    }

    private void Message(IMessage message)
    {
        var size = message.CalculateSize();
        EnsureData(size);
        message.WriteTo(_data.AsSpan(_length, size));
        AddSpan(_length, size);
        _length += size;
    }

    // An organization's entitlements (member and one per role) all carry the same Resource object, whose profile
    // and trait made it most of each entitlement's encoding: its bytes are computed once and copied into each. The
    // resource is field 1, written first, so the result is what Google.Protobuf writes for the whole message.
    private void EntitlementMessage(Entitlement entitlement, SharedResource shared)
    {
        var resource = entitlement.Resource;
        if (!ReferenceEquals(shared.Resource, resource))
        {
            shared.Resource = resource;
            shared.Bytes = resource.ToByteArray();
        }

        var bytes = shared.Bytes!;
        entitlement.Resource = null;
        try
        {
            var rest = entitlement.CalculateSize();
            EnsureData(1 + VarintSize(bytes.Length) + bytes.Length + rest);
            var start = _length;
            Header(1, bytes.Length);
            bytes.CopyTo(_data.AsSpan(_length));
            _length += bytes.Length;
            entitlement.WriteTo(_data.AsSpan(_length, rest));
            _length += rest;
            AddSpan(start, _length - start);
        }
        finally
        {
            entitlement.Resource = resource;
        }
    }

    private sealed class SharedResource
    {
        public Resource? Resource { get; set; }

        public byte[]? Bytes { get; set; }
    }

    private void AddSpan(int offset, int length)
    {
        if ((_spanCount * 2) + 2 > _spans!.Length)
        {
            var larger = ArrayPool<int>.Shared.Rent(_spans.Length * 2);
            _spans.AsSpan(0, _spanCount * 2).CopyTo(larger);
            ArrayPool<int>.Shared.Return(_spans);
            _spans = larger;
        }

        _spans[2 * _spanCount] = offset;
        _spans[(2 * _spanCount) + 1] = length;
        _spanCount++;
    }

    // Writes a text column for AddGrant (capacity already ensured) and returns where it is.
    private (int Offset, int Length) Utf8(string value)
    {
        var start = _length;
        _length += Encoding.UTF8.GetBytes(value, _data.AsSpan(_length));
        AddSpan(start, _length - start);
        return (start, _length - start);
    }

    private (int Offset, int Length) Span(int offset, int length)
    {
        AddSpan(offset, length);
        return (offset, length);
    }

    private void Copy((int Offset, int Length) bytes)
    {
        _data.AsSpan(bytes.Offset, bytes.Length).CopyTo(_data.AsSpan(_length));
        _length += bytes.Length;
    }

    private void Header(int field, int length)
    {
        _data![_length++] = (byte)((field << 3) | 2);
        var value = (uint)length;
        while (value >= 0x80)
        {
            _data[_length++] = (byte)(value | 0x80);
            value >>= 7;
        }

        _data[_length++] = (byte)value;
    }

    private static int VarintSize(int value)
    {
        var size = 1;
        for (var v = (uint)value; v >= 0x80; v >>= 7)
        {
            size++;
        }

        return size;
    }

    private void EnsureData(int more)
    {
        if (_length + more <= _data!.Length)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_data.Length * 2, _length + more));
        _data.AsSpan(0, _length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_data);
        _data = larger;
    }
}
