using System.Net;
using System.Net.Http.Headers;
using System.Text;
using PeerLink.Protocol;

namespace PeerLink.Server.Tests.Infrastructure;

/// <summary>
/// Every endpoint fed hostile or broken input answers a 4xx problem+json with a known code, never
/// a 5xx. Cases run against a live publication and session (placeholders {sid}, {owner},
/// {answer}, {handle}) so they reach past the first checks.
/// </summary>
public sealed class BadInputTests : IClassFixture<BadInputTests.LiveState>
{
    private const string ValidBody = "{\"username\":\"{handle}\",\"token\":\"{token}\"}";

    private readonly LiveState _state;

    public BadInputTests(LiveState state) => _state = state;

    public static TheoryData<string, string, string?, string?, string?> Cases()
    {
        var data = new TheoryData<string, string, string?, string?, string?>();
        var huge = "{\"username\":\"" + new string('a', 40_000) + "\"}";
        var hugeBox = "{\"box\":\"" + new string('A', 20_000) + "\"}";
        string[] oddHandles =
        [
            "ｃｏｆｆｅｅ", "coffee\u200B", "\u212Aelvin", "cafe\u0301", "🙂🙂🙂", "a\u0000b", "<script>", "ab",
            new string('a', 33), "\u202Ecoffee", "coffee shop", "café", "..%2F..", "\uD800abc", "",
        ];

        // POST /publish
        foreach (var body in new[] { "{", "not json", "", "null", "[]", "123", "\"text\"", "{\"username\":}", "{'username':'abc'}" })
        {
            data.Add("POST", "/publish", "application/json", body, null);
        }

        foreach (var body in new[]
        {
            "{\"username\":5,\"token\":\"{token}\"}", "{\"username\":\"{handle}2\",\"token\":true}",
            "{\"username\":\"{handle}2\",\"token\":\"{token}\",\"ttl\":\"300000\"}",
            "{\"username\":\"{handle}2\",\"token\":\"{token}\",\"ttl\":1.5}",
            "{\"username\":\"{handle}2\",\"token\":\"{token}\",\"ttl\":1e30}",
            "{\"username\":\"{handle}2\",\"token\":\"{token}\",\"ttl\":-1}",
            "{\"username\":\"{handle}2\",\"token\":\"{token}\",\"ttl\":99999999999999999999}",
            "{}", "{\"username\":\"{handle}2\"}", "{\"token\":\"{token}\"}",
            "{\"username\":[\"a\"],\"token\":\"{token}\"}",
            "{\"username\":\"{handle}2\",\"token\":\"" + new string('A', 5000) + "\"}",
            "{\"username\":\"{handle}2\",\"token\":\"https://app/#\"}",
            ValidBody,
        })
        {
            data.Add("POST", "/publish", "application/json", body, null);
        }

        foreach (var handle in oddHandles)
        {
            data.Add("POST", "/publish", "application/json", "{\"username\":\"" + Escape(handle) + "\",\"token\":\"{token}\"}", null);
            data.Add("GET", "/lookup?username=" + Uri.EscapeDataString(handle.Replace("\uD800", "", StringComparison.Ordinal)), null, null, null);
        }

        data.Add("POST", "/publish", "application/json", huge, null);
        data.Add("POST", "/publish", "application/json", "chunked:" + huge, null);
        foreach (var type in new[] { "text/plain", "application/x-www-form-urlencoded", "application/xml", "multipart/form-data; boundary=x", "application/jsonx" })
        {
            data.Add("POST", "/publish", type, ValidBody, null);
        }

        data.Add("POST", "/publish", null, ValidBody, null);
        data.Add("POST", "/publish", "application/json", ValidBody, "Basic dXNlcjpwYXNz");
        data.Add("POST", "/publish", "application/json", ValidBody, "Bearer " + new string('x', 2000));

        // PATCH /publish
        foreach (var body in new[] { "{", "{\"username\":\"{handle}\",\"ttl\":\"x\"}", "{\"username\":\"{handle}\",\"ttl\":-5}", "{\"username\":\"{handle}\",\"ttl\":1e300}", "{}", "{\"ttl\":60000}", huge })
        {
            data.Add("PATCH", "/publish", "application/json", body, "Bearer {owner}");
        }

        data.Add("PATCH", "/publish", "text/plain", "{\"username\":\"{handle}\",\"ttl\":60000}", "Bearer {owner}");
        data.Add("PATCH", "/publish", "application/json", "{\"username\":\"{handle}\",\"ttl\":60000}", null);
        data.Add("PATCH", "/publish", "application/json", "{\"username\":\"{handle}\",\"ttl\":60000}", "Bearer");
        data.Add("PATCH", "/publish", "application/json", "{\"username\":\"{handle}\",\"ttl\":60000}", "Bearer {answer}");

        // DELETE /publish
        data.Add("DELETE", "/publish", null, null, "Bearer {owner}");
        data.Add("DELETE", "/publish?username=", null, null, "Bearer {owner}");
        data.Add("DELETE", "/publish?username=%F0%9F%99%82%F0%9F%99%82", null, null, "Bearer {owner}");
        data.Add("DELETE", "/publish?username={handle}", null, null, "Bearer !!!");
        data.Add("DELETE", "/publish?username={handle}", null, null, "Bearer {answer}");
        data.Add("DELETE", "/publish?username={handle}", null, null, null);

        // GET /lookup
        data.Add("GET", "/lookup", null, null, null);
        data.Add("GET", "/lookup?username=" + new string('a', 10_000), null, null, null);
        data.Add("GET", "/lookup?username=a&username=b", null, null, null);

        // POST /sessions
        foreach (var body in new[]
        {
            "{", "{}", "null",
            "{\"sessionId\":\"short\",\"answerKeyHash\":\"{hash}\",\"expiresAt\":{exp}}",
            "{\"sessionId\":\"!!!!!!!!!!!!!!!!!!!!!!\",\"answerKeyHash\":\"{hash}\",\"expiresAt\":{exp}}",
            "{\"sessionId\":\"AAAAAAAAAAAAAAAAAAAAAB\",\"answerKeyHash\":\"{hash}\",\"expiresAt\":{exp}}",
            "{\"sessionId\":\"{newsid}\",\"answerKeyHash\":\"AAAA\",\"expiresAt\":{exp}}",
            "{\"sessionId\":\"{newsid}\",\"answerKeyHash\":\"{hash}\",\"expiresAt\":-1}",
            "{\"sessionId\":\"{newsid}\",\"answerKeyHash\":\"{hash}\",\"expiresAt\":\"soon\"}",
            "{\"sessionId\":\"{newsid}\",\"answerKeyHash\":\"{hash}\",\"expiresAt\":9999999999999999}",
            "{\"sessionId\":\"{newsid}\",\"answerKeyHash\":\"{hash}\"}",
            "{\"sessionId\":12,\"answerKeyHash\":\"{hash}\",\"expiresAt\":{exp}}",
            "{\"sessionId\":\"{sid}\",\"answerKeyHash\":\"{hash}\",\"expiresAt\":{exp}}",
            huge,
        })
        {
            data.Add("POST", "/sessions", "application/json", body, null);
        }

        data.Add("POST", "/sessions", "text/plain", "{}", null);

        // POST /sessions/{id}/answer and /signals
        // (%00 is refused by the server's transport before the app; the test host refuses to send it.)
        string[] badIds = ["x", "%01", "%25", new string('A', 1000), "..%2F..", "%F0%9F%99%82", "AAAAAAAAAAAAAAAAAAAAAB", "{newsid}"];
        foreach (var kind in new[] { "answer", "signals" })
        {
            foreach (var id in badIds)
            {
                data.Add("POST", $"/sessions/{id}/{kind}", "application/json", "{\"box\":\"{box}\"}", "Bearer {answer}");
            }

            foreach (var body in new[] { "{", "{}", "{\"box\":\"\"}", "{\"box\":\"!!!\"}", "{\"box\":\"AAAA\"}", "{\"box\":5}", "{\"box\":null,\"bye\":\"yes\"}", hugeBox, "chunked:" + hugeBox })
            {
                data.Add("POST", "/sessions/{sid}/" + kind, "application/json", body, "Bearer {answer}");
            }

            data.Add("POST", "/sessions/{sid}/" + kind, "text/plain", "{\"box\":\"{box}\"}", "Bearer {answer}");
            data.Add("POST", "/sessions/{sid}/" + kind, "application/json", "{\"box\":\"{box}\"}", null);
            data.Add("POST", "/sessions/{sid}/" + kind, "application/json", "{\"box\":\"{box}\"}", "Bearer {other}");
        }

        data.Add("POST", "/sessions/{sid}/answer", "application/json", "{\"box\":\"{box}\"}", "Bearer {answer}");
        data.Add("POST", "/sessions/{sid}/answer", "application/json", "{\"box\":\"{box}\"}", "Bearer {sowner}");

        // GET /sessions/{id}/events and DELETE /sessions/{id}
        foreach (var id in badIds)
        {
            data.Add("GET", $"/sessions/{id}/events", null, null, "Bearer {sowner}");
            data.Add("DELETE", $"/sessions/{id}", null, null, "Bearer {sowner}");
        }

        data.Add("GET", "/sessions/{sid}/events", null, null, null);
        data.Add("GET", "/sessions/{sid}/events", null, null, "Bearer {other}");
        data.Add("GET", "/sessions/{sid}/events", "last-event-id:abc", null, "Bearer {sowner}");
        data.Add("GET", "/sessions/{sid}/events", "last-event-id:99999999999999999999", null, "Bearer {sowner}");
        data.Add("DELETE", "/sessions/{sid}", null, null, "Bearer {answer}");

        // POST /telemetry
        foreach (var body in new[] { "{", "{}", "{\"outcome\":\"connected\",\"method\":\"qr\",\"role\":\"offerer\",\"address\":\"10.0.0.1\"}", huge })
        {
            data.Add("POST", "/telemetry", "application/json", body, null);
        }

        data.Add("POST", "/telemetry", "text/plain", "{}", null);

        // Unknown routes and methods
        data.Add("GET", "/nothing-here", null, null, null);
        data.Add("POST", "/lookup", "application/json", "{}", null);
        data.Add("PUT", "/publish", "application/json", ValidBody, null);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Endpoint_WithBadInput_Returns4xxProblemWithCode(string method, string path, string? contentType, string? body, string? authorization)
    {
        using var client = _state.Factory.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), _state.Fill(path));
        if (contentType?.StartsWith("last-event-id:", StringComparison.Ordinal) == true)
        {
            request.Headers.TryAddWithoutValidation("Last-Event-ID", contentType["last-event-id:".Length..]);
        }
        else if (body is not null)
        {
            var text = _state.Fill(body);
            if (text.StartsWith("chunked:", StringComparison.Ordinal))
            {
                // No Content-Length: the cap must hold while reading.
                request.Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(text["chunked:".Length..])));
                request.Headers.TransferEncodingChunked = true;
            }
            else
            {
                request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
            }

            if (contentType is not null)
            {
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            }
        }

        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", _state.Fill(authorization));
        }

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        var status = (int)response.StatusCode;
        var problem = await response.ReadProblemAsync();
        Assert.True(status is >= 400 and < 500, $"{method} {path}: {status} {problem}");
        var code = problem.GetProperty("code").GetString();
        Assert.Contains(code, ProblemCodes.All);
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
    }

    private static string Escape(string text)
    {
        var builder = new StringBuilder();
        foreach (var c in text)
        {
            builder.Append(c is < ' ' or > '~' ? $"\\u{(int)c:x4}" : c.ToString());
        }

        return builder.ToString();
    }

    /// <summary>One server with a publication and a session already in it.</summary>
    public sealed class LiveState : IAsyncLifetime
    {
        private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

        public PeerLinkFactory Factory { get; } = new();

        public string Fill(string text)
        {
            foreach (var (key, value) in _values)
            {
                text = text.Replace(key, value, StringComparison.Ordinal);
            }

            return text;
        }

        public async Task InitializeAsync()
        {
            using var client = Factory.CreateClient();
            var token = TestToken.Create(Factory.NowMs);
            var published = await (await client.PostJsonAsync("/publish", new { username = "bad-input-shop", token = TestToken.Create(Factory.NowMs).Text })).ReadJsonAsync(HttpStatusCode.Created);
            var session = await (await client.PostJsonAsync("/sessions", new { sessionId = token.SessionId, answerKeyHash = token.AnswerKeyHash, expiresAt = token.ExpiresAt })).ReadJsonAsync(HttpStatusCode.Created);
            // Answered already, so a further answer is a conflict.
            await (await client.PostJsonAsync($"/sessions/{token.SessionId}/answer", new { box = TestToken.NewBox() }, token.AnswerKey)).ReadJsonAsync(HttpStatusCode.Accepted);
            var fresh = TestToken.Create(Factory.NowMs);
            _values["{handle}"] = "bad-input-shop";
            _values["{token}"] = fresh.Text;
            _values["{owner}"] = published.GetProperty("ownerKey").GetString()!;
            _values["{sowner}"] = session.GetProperty("ownerKey").GetString()!;
            _values["{answer}"] = token.AnswerKey;
            _values["{other}"] = Publishing.PublishEndpointsTests.NewKey();
            _values["{sid}"] = token.SessionId;
            _values["{newsid}"] = fresh.SessionId;
            _values["{hash}"] = token.AnswerKeyHash;
            _values["{exp}"] = token.ExpiresAt.ToString(System.Globalization.CultureInfo.InvariantCulture);
            _values["{box}"] = TestToken.NewBox();
        }

        public Task DisposeAsync()
        {
            Factory.Dispose();
            return Task.CompletedTask;
        }
    }
}
