using System.Text;

namespace PeerLink.Protocol.Tests.Vectors;

/// <summary>Builds compact binary by hand, independently of the product's writer, so invalid vectors can
/// put any byte anywhere.</summary>
internal static class Raw
{
    public static byte[] Token(byte[] description, string? url = null, int flags = -1, long expiresAt = Samples.Now + 300_000, int lifetime = 300, byte[]? secret = null)
    {
        var b = new List<byte> { 0x01, (byte)(flags >= 0 ? flags : url is null ? 0 : 1) };
        for (var i = 5; i >= 0; i--)
        {
            b.Add((byte)(expiresAt >> (8 * i)));
        }

        b.Add((byte)(lifetime >> 8));
        b.Add((byte)lifetime);
        b.AddRange(secret ?? Samples.Secret("raw"));
        b.AddRange(description);
        if (url is not null)
        {
            var u = Encoding.UTF8.GetBytes(url);
            b.Add((byte)u.Length);
            b.AddRange(u);
        }

        return [.. b];
    }

    public static byte[] Description(
        int flags = 0,
        string ufrag = "Xy1z",
        string pwd = "q8Rz0e3YtB7vKc2LmN5pWs9a",
        byte[]? maxMessageSizeVarint = null,
        int? sctpPort = null,
        int? count = null,
        params byte[][] candidates)
    {
        var b = new List<byte> { (byte)(flags | (maxMessageSizeVarint is null ? 0 : 4) | (sctpPort is null ? 0 : 8)) };
        b.Add((byte)ufrag.Length);
        b.AddRange(Encoding.ASCII.GetBytes(ufrag));
        b.Add((byte)pwd.Length);
        b.AddRange(Encoding.ASCII.GetBytes(pwd));
        b.AddRange(Samples.Fingerprint("raw"));
        if (maxMessageSizeVarint is not null)
        {
            b.AddRange(maxMessageSizeVarint);
        }

        if (sctpPort is { } port)
        {
            b.Add((byte)(port >> 8));
            b.Add((byte)port);
        }

        b.Add((byte)(count ?? candidates.Length));
        foreach (var c in candidates)
        {
            b.AddRange(c);
        }

        return [.. b];
    }

    /// <summary>head = type | kind &lt;&lt; 2 | tcp &lt;&lt; 4 | extra bits.</summary>
    public static byte[] Candidate(int head, byte[] address, int port, bool nameKind = false)
    {
        var b = new List<byte> { (byte)head };
        if (nameKind)
        {
            b.Add((byte)address.Length);
        }

        b.AddRange(address);
        b.Add((byte)(port >> 8));
        b.Add((byte)port);
        return [.. b];
    }

    public static byte[] Name(string text) => Encoding.ASCII.GetBytes(text);

    public static byte[] Ipv4 => [192, 168, 1, 23];
}
