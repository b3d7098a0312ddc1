using System.Text.Json.Nodes;

namespace PeerLink.Protocol.Tests.Vectors;

/// <summary>The cases of spec/vectors/messages.json (spec §7).</summary>
internal static class MessageVectors
{
    private static readonly (string Type, string Payload, string[] Required)[] Standard =
    [
        ("handshake", """{"versions":[1],"sdk":"peerlink-ts/0.1.0"}""", ["versions"]),
        ("payment_request", """{"requestId":"r-1","amount":"12.50","currency":"EUR","description":"Coffee"}""", ["requestId", "amount", "currency"]),
        ("payment_response", """{"requestId":"r-1","status":"accepted"}""", ["requestId", "status"]),
        ("payment_acknowledgment", """{"requestId":"r-1","status":"completed","reference":"TX-42"}""", ["requestId", "status"]),
        ("error", """{"code":"card_declined","message":"The card was declined."}""", ["code", "message"]),
        ("ping", """{"nonce":"n1"}""", []),
        ("pong", """{"nonce":"n1"}""", []),
        ("receipt", """{"messageId":"m-0001","status":"ok"}""", ["messageId", "status"]),
    ];

    public static IReadOnlyList<(string Name, string Json)> Valid()
    {
        var list = Standard.Select(s => (s.Type, Envelope(s.Type, s.Payload))).ToList();
        list.Add(("ping with an empty payload", Envelope("ping", "{}")));
        list.Add(("payment_request, smallest amount, no description", Envelope("payment_request", """{"requestId":"r","amount":"0.00000001","currency":"USD"}""")));
        list.Add(("payment_request, largest amount", Envelope("payment_request", """{"requestId":"r","amount":"999999999999999.99999999","currency":"JPY"}""")));
        list.Add(("payment_request with extra payload members kept", Envelope("payment_request", """{"requestId":"r-2","amount":"1","currency":"EUR","orderRef":{"id":7}}""")));
        list.Add(("payment_response declined with reason", Envelope("payment_response", """{"requestId":"r-1","status":"declined","reason":"Not enough funds"}""")));
        list.Add(("payment_acknowledgment failed", Envelope("payment_acknowledgment", """{"requestId":"r-1","status":"failed"}""")));
        list.Add(("receipt rejected with reason", Envelope("receipt", """{"messageId":"m_1-x","status":"rejected","reason":"payload.amount: required"}""")));
        list.Add(("handshake with several versions", Envelope("handshake", """{"versions":[1,2,3]}""")));
        list.Add(("error with an empty message", Envelope("error", """{"code":"x","message":""}""")));
        list.Add(("members in another order, with whitespace", """ { "messageId" : "m-0002", "timestamp" : 1795000000001, "payload" : { }, "type" : "pong" } """));
        list.Add(("description of 140 characters", Envelope("payment_request", $$"""{"requestId":"r","amount":"5","currency":"EUR","description":"{{new string('d', 140)}}"}""")));
        list.Add(("message of exactly 65536 bytes", Sized(65_536)));
        return list;
    }

    public static IReadOnlyList<InvalidVector> Invalid()
    {
        var list = new List<InvalidVector>();
        void Add(string name, string json, string reason) => list.Add(new(name, json, reason));
        string Mutate(string type, string payload, Action<JsonObject> change)
        {
            var node = JsonNode.Parse(Envelope(type, payload))!.AsObject();
            change(node);
            return node.ToJsonString();
        }

        foreach (var (type, payload, required) in Standard)
        {
            foreach (var field in required)
            {
                Add($"{type} without {field}", Mutate(type, payload, n => n["payload"]!.AsObject().Remove(field)), $"payload.{field}: required");
            }

            var first = JsonNode.Parse(payload)!.AsObject().FirstOrDefault();
            if (first.Key is not null)
            {
                Add($"{type} with {first.Key} of the wrong type", Mutate(type, payload, n => n["payload"]![first.Key] = true), $"payload.{first.Key}: wrong_type");
            }
        }

        var request = Standard[1].Payload;
        Add("not JSON", "{\"type\":", "message: invalid_json");
        Add("a JSON array", "[]", "message: invalid_json");
        Add("a JSON string", "\"ping\"", "message: invalid_json");
        Add("over 65536 bytes", Sized(65_537), "message: too_large");
        Add("unknown envelope member", Mutate("ping", "{}", n => n["amount"] = "12.50"), "amount: unknown_member");
        Add("type missing", Mutate("ping", "{}", n => n.Remove("type")), "type: required");
        Add("type not a string", Mutate("ping", "{}", n => n["type"] = 1), "type: wrong_type");
        Add("type with an uppercase letter", Envelope("Ping", "{}"), "type: invalid");
        Add("type starting with a digit", Envelope("1ping", "{}"), "type: invalid");
        Add("type of 65 characters", Envelope("a" + new string('b', 64), "{}"), "type: too_long");
        Add("type unknown", Envelope("refund_request", "{}"), "type: unknown_type");
        Add("payload missing", Mutate("ping", "{}", n => n.Remove("payload")), "payload: required");
        Add("payload an array", Mutate("ping", "{}", n => n["payload"] = new JsonArray()), "payload: wrong_type");
        Add("payload null", Mutate("ping", "{}", n => n["payload"] = null), "payload: wrong_type");
        Add("timestamp missing", Mutate("ping", "{}", n => n.Remove("timestamp")), "timestamp: required");
        Add("timestamp a string", Mutate("ping", "{}", n => n["timestamp"] = "1795000000000"), "timestamp: wrong_type");
        Add("timestamp 0", Mutate("ping", "{}", n => n["timestamp"] = 0), "timestamp: invalid");
        Add("timestamp not an integer", Mutate("ping", "{}", n => n["timestamp"] = 1795000000000.5), "timestamp: invalid");
        Add("messageId missing", Mutate("ping", "{}", n => n.Remove("messageId")), "messageId: required");
        Add("messageId a number", Mutate("ping", "{}", n => n["messageId"] = 7), "messageId: wrong_type");
        Add("messageId empty", Mutate("ping", "{}", n => n["messageId"] = ""), "messageId: invalid");
        Add("messageId with a space", Mutate("ping", "{}", n => n["messageId"] = "m 1"), "messageId: invalid");
        Add("messageId of 65 characters", Mutate("ping", "{}", n => n["messageId"] = new string('m', 65)), "messageId: too_long");
        Add("amount 0", Envelope("payment_request", """{"requestId":"r","amount":"0.00","currency":"EUR"}"""), "payload.amount: invalid");
        Add("amount negative", Envelope("payment_request", """{"requestId":"r","amount":"-1","currency":"EUR"}"""), "payload.amount: invalid");
        Add("amount with a leading zero", Envelope("payment_request", """{"requestId":"r","amount":"012.50","currency":"EUR"}"""), "payload.amount: invalid");
        Add("amount with 9 decimals", Envelope("payment_request", """{"requestId":"r","amount":"1.000000001","currency":"EUR"}"""), "payload.amount: invalid");
        Add("amount as a number", Envelope("payment_request", """{"requestId":"r","amount":12.5,"currency":"EUR"}"""), "payload.amount: wrong_type");
        Add("currency in lowercase", Envelope("payment_request", """{"requestId":"r","amount":"1","currency":"eur"}"""), "payload.currency: invalid");
        Add("requestId empty", Envelope("payment_request", """{"requestId":"","amount":"1","currency":"EUR"}"""), "payload.requestId: invalid");
        Add("requestId of 65 characters", Envelope("payment_request", $$"""{"requestId":"{{new string('r', 65)}}","amount":"1","currency":"EUR"}"""), "payload.requestId: too_long");
        Add("description of 141 characters", Envelope("payment_request", $$"""{"requestId":"r","amount":"1","currency":"EUR","description":"{{new string('d', 141)}}"}"""), "payload.description: too_long");
        Add("description null", Mutate("payment_request", request, n => n["payload"]!["description"] = null), "payload.description: wrong_type");
        Add("payment_response status unknown", Envelope("payment_response", """{"requestId":"r","status":"maybe"}"""), "payload.status: invalid");
        Add("payment_acknowledgment status accepted", Envelope("payment_acknowledgment", """{"requestId":"r","status":"accepted"}"""), "payload.status: invalid");
        Add("payment_acknowledgment reference of 65", Envelope("payment_acknowledgment", $$"""{"requestId":"r","status":"completed","reference":"{{new string('x', 65)}}"}"""), "payload.reference: too_long");
        Add("error message of 501", Envelope("error", $$"""{"code":"x","message":"{{new string('e', 501)}}"}"""), "payload.message: too_long");
        Add("handshake versions empty", Envelope("handshake", """{"versions":[]}"""), "payload.versions: invalid");
        Add("handshake versions of strings", Envelope("handshake", """{"versions":["1"]}"""), "payload.versions: invalid");
        Add("handshake sdk a number", Envelope("handshake", """{"versions":[1],"sdk":1}"""), "payload.sdk: wrong_type");
        Add("ping nonce of 65", Envelope("ping", $$"""{"nonce":"{{new string('n', 65)}}"}"""), "payload.nonce: too_long");
        Add("receipt messageId with a dot", Envelope("receipt", """{"messageId":"m.1","status":"ok"}"""), "payload.messageId: invalid");
        Add("receipt status unknown", Envelope("receipt", """{"messageId":"m1","status":"done"}"""), "payload.status: invalid");
        return list;
    }

    public static string Envelope(string type, string payload) =>
        $$"""{"type":"{{type}}","payload":{{payload}},"timestamp":1795000000000,"messageId":"m-0001"}""";

    /// <summary>A ping whose UTF-8 text is exactly <paramref name="bytes"/> long (padded in an extra payload member).</summary>
    private static string Sized(int bytes)
    {
        var empty = Envelope("ping", """{"pad":""}""");
        return Envelope("ping", $$"""{"pad":"{{new string('x', bytes - empty.Length)}}"}""");
    }
}
