using System.Text;

namespace PeerLink.Protocol;

/// <summary>The compact binary layout of a description (spec §2.1).</summary>
internal static class CompactDescription
{
    private const int MaxMessageSizeFlag = 0x04;
    private const int SctpPortFlag = 0x08;
    private const int ReservedFlags = 0xF0;
    private const int ReservedCandidateBits = 0xE0;
    private const int TcpBit = 0x10;

    public static void Write(CompactWriter w, SessionDescription d)
    {
        DescriptionRules.Validate(d);
        var flags = (int)d.Setup
            | (d.MaxMessageSize is null ? 0 : MaxMessageSizeFlag)
            | (d.SctpPort is null ? 0 : SctpPortFlag);
        w.U8(flags);
        w.U8(d.Ufrag.Length);
        w.Bytes(Encoding.ASCII.GetBytes(d.Ufrag));
        w.U8(d.Pwd.Length);
        w.Bytes(Encoding.ASCII.GetBytes(d.Pwd));
        w.Bytes(d.Fingerprint.Span);
        if (d.MaxMessageSize is { } size)
        {
            w.Varint(size);
        }

        if (d.SctpPort is { } port)
        {
            w.U16(port);
        }

        w.U8(d.Candidates.Count);
        foreach (var c in d.Candidates)
        {
            _ = CandidateAddress.TryEncode(c.Address, out var kind, out var address);
            w.U8((int)c.Type | ((int)kind << 2) | (c.Protocol == CandidateProtocol.Tcp ? TcpBit : 0));
            if (kind == AddressKind.Name)
            {
                w.U8(address.Length);
            }

            w.Bytes(address);
            w.U16(c.Port);
        }
    }

    /// <summary>Reads and validates field by field, in layout order; the first failure is the reason.</summary>
    public static SessionDescription Read(ref CompactReader r)
    {
        var flags = r.U8();
        if ((flags & ReservedFlags) != 0)
        {
            throw new TokenParseException(TokenParseReasons.ReservedBits);
        }

        if ((flags & 0x03) == 3)
        {
            throw new TokenParseException(TokenParseReasons.BadSetup);
        }

        var ufrag = ReadAscii(ref r);
        if (!FieldRules.IsValidUfrag(ufrag))
        {
            throw new TokenParseException(TokenParseReasons.BadUfrag);
        }

        var pwd = ReadAscii(ref r);
        if (!FieldRules.IsValidPwd(pwd))
        {
            throw new TokenParseException(TokenParseReasons.BadPwd);
        }

        var fingerprint = r.Take(FieldRules.FingerprintLength).ToArray();
        long? maxMessageSize = null;
        if ((flags & MaxMessageSizeFlag) != 0)
        {
            var value = r.Varint();
            maxMessageSize = FieldRules.IsValidMaxMessageSize(value)
                ? value
                : throw new TokenParseException(TokenParseReasons.BadVarint);
        }

        int? sctpPort = null;
        if ((flags & SctpPortFlag) != 0)
        {
            var port = r.U16();
            sctpPort = FieldRules.IsValidPort(port) ? port : throw new TokenParseException(TokenParseReasons.BadCandidate);
        }

        var count = r.U8();
        if (count > Limits.MaxCandidates)
        {
            throw new TokenParseException(TokenParseReasons.TooManyCandidates);
        }

        var candidates = new IceCandidate[count];
        for (var i = 0; i < count; i++)
        {
            candidates[i] = ReadCandidate(ref r);
        }

        return new SessionDescription(ufrag, pwd, fingerprint, (DtlsSetup)(flags & 0x03), maxMessageSize, sctpPort, candidates);
    }

    private static IceCandidate ReadCandidate(ref CompactReader r)
    {
        var head = r.U8();
        if ((head & ReservedCandidateBits) != 0)
        {
            throw new TokenParseException(TokenParseReasons.ReservedBits);
        }

        var kind = (AddressKind)((head >> 2) & 0x03);
        var length = kind switch
        {
            AddressKind.IPv4 => 4,
            AddressKind.IPv6 or AddressKind.MdnsUuid => 16,
            _ => r.U8(),
        };
        var bytes = r.Take(length);
        if (!CandidateAddress.TryDecode(kind, bytes, out var address))
        {
            throw new TokenParseException(TokenParseReasons.BadCandidate);
        }

        var port = r.U16();
        if (!FieldRules.IsValidPort(port))
        {
            throw new TokenParseException(TokenParseReasons.BadCandidate);
        }

        var protocol = (head & TcpBit) != 0 ? CandidateProtocol.Tcp : CandidateProtocol.Udp;
        return new IceCandidate((CandidateType)(head & 0x03), protocol, address, port);
    }

    /// <summary>A length-prefixed field read as Latin-1, so any non-ASCII byte fails the field's
    /// ice-char check afterwards.</summary>
    private static string ReadAscii(ref CompactReader r)
    {
        var bytes = r.Take(r.U8());
        return string.Create(bytes.Length, bytes.ToArray(), static (span, b) =>
        {
            for (var i = 0; i < b.Length; i++)
            {
                span[i] = (char)b[i];
            }
        });
    }
}
