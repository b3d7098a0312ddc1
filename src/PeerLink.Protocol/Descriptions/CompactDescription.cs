namespace PeerLink.Protocol;

/// <summary>The compact binary layout of a description (spec §2.1).</summary>
internal static class CompactDescription
{
    private const int MaxMessageSizeShift = 2;
    private const int SctpPortFlag = 0x10;
    private const int ReservedFlags = 0xE0;

    // maxMessageSize as a 2-bit code: Chromium writes 262144 and Firefox 1073741823, so the two
    // common values cost no byte; any other value follows as a varint (code 3).
    private const int MaxMessageSizeAbsent = 0;
    private const int MaxMessageSizeVarint = 3;
    private static readonly long[] MaxMessageSizeCodes = [0, 262144, 1073741823];
    private const int ReservedCandidateBits = 0xE0;
    private const int TcpBit = 0x10;

    public static void Write(CompactWriter w, SessionDescription d)
    {
        DescriptionRules.Validate(d);
        var sizeCode = MaxMessageSizeCode(d.MaxMessageSize);
        var flags = (int)d.Setup
            | (sizeCode << MaxMessageSizeShift)
            | (d.SctpPort is null ? 0 : SctpPortFlag);
        w.U8(flags);
        IceChars.Write(w, d.Ufrag);
        IceChars.Write(w, d.Pwd);
        w.Bytes(d.Fingerprint.Span);
        if (sizeCode == MaxMessageSizeVarint)
        {
            w.Varint(d.MaxMessageSize!.Value);
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

        var ufrag = IceChars.Read(ref r);
        if (ufrag is null || !FieldRules.IsValidUfrag(ufrag))
        {
            throw new TokenParseException(TokenParseReasons.BadUfrag);
        }

        var pwd = IceChars.Read(ref r);
        if (pwd is null || !FieldRules.IsValidPwd(pwd))
        {
            throw new TokenParseException(TokenParseReasons.BadPwd);
        }

        var fingerprint = r.Take(FieldRules.FingerprintLength).ToArray();
        var sizeCode = (flags >> MaxMessageSizeShift) & 0x03;
        long? maxMessageSize = sizeCode switch
        {
            MaxMessageSizeAbsent => null,
            MaxMessageSizeVarint => r.Varint(),
            _ => MaxMessageSizeCodes[sizeCode],
        };

        // A varint holding a value that has a code would give the description a second binary form.
        if (sizeCode == MaxMessageSizeVarint && (!FieldRules.IsValidMaxMessageSize(maxMessageSize!.Value) || MaxMessageSizeCode(maxMessageSize) != MaxMessageSizeVarint))
        {
            throw new TokenParseException(TokenParseReasons.BadVarint);
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

    private static int MaxMessageSizeCode(long? size) => size switch
    {
        null => MaxMessageSizeAbsent,
        262144 => 1,
        1073741823 => 2,
        _ => MaxMessageSizeVarint,
    };
}
