using System.Text;

namespace PeerLink.Protocol.Tests.Vectors;

/// <summary>Builds compact binary by hand, independently of the product's writer, so invalid vectors can
/// put any byte anywhere.</summary>
internal static class Raw
{
    public static byte[] Token(byte[] description, string? url = null, int flags = -1, long expiresAt = Samples.Now + 300_000, int lifetime = 300, byte[]? secret = null)
    {
        var b = new List<byte> { 0x01 };
        var seconds = expiresAt / 1000;
        for (var i = 3; i >= 0; i--)
        {
            b.Add((byte)(seconds >> (8 * i)));
        }

        // flags bit0 = URL present → bit 15; flags bits 1–5 → the reserved bits 10–14.
        var bits = flags >= 0 ? flags : url is null ? 0 : 1;
        var head = ((bits & 1) << 15) | ((bits >> 1) << 10) | lifetime;
        b.Add((byte)(head >> 8));
        b.Add((byte)head);
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

    /// <summary>Bytes before the description: version, u32 expiry, u16 flags and lifetime, secret.</summary>
    public const int HeaderLength = 23;

    /// <summary><paramref name="sizeCode"/>: the 2-bit maxMessageSize code (3 when a varint is given).</summary>
    public static byte[] Description(
        int flags = 0,
        string ufrag = "Xy1z",
        string pwd = "q8Rz0e3YtB7vKc2LmN5pWs9a",
        byte[]? maxMessageSizeVarint = null,
        int? sctpPort = null,
        int? count = null,
        int sizeCode = 0,
        int ufragLength = -1,
        int padBits = 0,
        params byte[][] candidates)
    {
        var code = maxMessageSizeVarint is null ? sizeCode : 3;
        var b = new List<byte> { (byte)(flags | (code << 2) | (sctpPort is null ? 0 : 0x10)) };
        b.Add((byte)(ufragLength >= 0 ? ufragLength : ufrag.Length));
        b.AddRange(Pack6(ufrag, padBits));
        b.Add((byte)pwd.Length);
        b.AddRange(Pack6(pwd, 0));
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

    /// <summary>6 bits per character (base64 index), most significant first; <paramref name="padBits"/>
    /// is OR-ed into the last byte's unused low bits.</summary>
    public static byte[] Pack6(string text, int padBits)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        var bits = new List<int>();
        foreach (var c in text)
        {
            var v = alphabet.IndexOf(c, StringComparison.Ordinal);
            for (var i = 5; i >= 0; i--)
            {
                bits.Add((v >> i) & 1);
            }
        }

        var bytes = new byte[(bits.Count + 7) / 8];
        for (var i = 0; i < bits.Count; i++)
        {
            bytes[i / 8] |= (byte)(bits[i] << (7 - (i % 8)));
        }

        if (bytes.Length > 0)
        {
            bytes[^1] |= (byte)padBits;
        }

        return bytes;
    }

    public static byte[] Name(string text) => Encoding.ASCII.GetBytes(text);

    public static byte[] Ipv4 => [192, 168, 1, 23];
}
