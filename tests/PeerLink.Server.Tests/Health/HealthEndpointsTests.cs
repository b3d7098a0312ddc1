using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PeerLink.Server.Storage;
using PeerLink.Server.Tests.Infrastructure;

namespace PeerLink.Server.Tests.Health;

public sealed class HealthEndpointsTests
{
    [Fact]
    public async Task Health_WithInMemoryStore_Returns200Healthy()
    {
        using var factory = new PeerLinkFactory();
        using var client = factory.CreateClient();

        var body = await (await client.GetAsync("/health")).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal("healthy", body.GetProperty("status").GetString());
        Assert.Equal("in-memory", body.GetProperty("store").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("version").GetString()));
    }

    [Fact]
    public async Task Health_WhenStoreUnavailable_Returns503Unhealthy()
    {
        using var factory = new PeerLinkFactory().WithServices(UseUnavailableStore);
        using var client = factory.CreateClient();

        var body = await (await client.GetAsync("/health")).ReadJsonAsync(HttpStatusCode.ServiceUnavailable);

        Assert.Equal("unhealthy", body.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("GET", "/lookup?username=coffee-shop", null)]
    [InlineData("POST", "/publish", "{\"username\":\"coffee-shop\",\"token\":\"@token\"}")]
    [InlineData("POST", "/sessions", "{\"sessionId\":\"AAAAAAAAAAAAAAAAAAAAAA\",\"answerKeyHash\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\",\"expiresAt\":1795000060000}")]
    [InlineData("DELETE", "/publish?username=coffee-shop", null)]
    public async Task Api_WhenStoreUnavailable_Returns503StoreUnavailable(string method, string path, string? body)
    {
        using var factory = new PeerLinkFactory().WithServices(UseUnavailableStore);
        using var client = factory.CreateClient();
        using var request = body is null ? new HttpRequestMessage(new HttpMethod(method), path) : Http.Raw(new HttpMethod(method), path, body);
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + Publishing.PublishEndpointsTests.NewKey());

        var response = await client.SendAsync(request);

        if (path == "/publish" && method == "POST")
        {
            // The token is checked before the store is touched.
            await response.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_token");
            return;
        }

        var problem = await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "store_unavailable");
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.DoesNotContain("redis", problem.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    private static void UseUnavailableStore(IServiceCollection services)
    {
        services.RemoveAll<IRendezvousStore>();
        services.AddSingleton<IRendezvousStore, UnavailableStore>();
    }

    private sealed class UnavailableStore : IRendezvousStore
    {
        private static StoreUnavailableException Down() => new("redis at 10.0.0.5:6379 refused the connection");

        public Task<ClaimResult> ClaimAsync(PublicationRecord record, long now, CancellationToken cancellationToken) => throw Down();

        public Task<OwnerResult> ExtendAsync(string handle, string ownerKeyHash, long expiresAt, long now, CancellationToken cancellationToken) => throw Down();

        public Task<OwnerResult> WithdrawAsync(string handle, string ownerKeyHash, long now, CancellationToken cancellationToken) => throw Down();

        public Task<PublicationRecord?> LookupAsync(string handle, long now, CancellationToken cancellationToken) => throw Down();

        public Task<bool> CreateSessionAsync(SessionRecord session, long now, CancellationToken cancellationToken) => throw Down();

        public Task<SessionRecord?> GetSessionAsync(string sessionId, long now, CancellationToken cancellationToken) => throw Down();

        public Task<AppendResult> AnswerAsync(string sessionId, string box, long now, long keepUntil, CancellationToken cancellationToken) => throw Down();

        public Task<AppendResult> AppendAsync(string sessionId, SignalSender from, SignalKind kind, string? box, long now, int maxSignals, CancellationToken cancellationToken) => throw Down();

        public IAsyncEnumerable<MailboxSignal> ReadAsync(string sessionId, long afterSeq, CancellationToken cancellationToken) => throw Down();

        public Task<StoreHealth> CheckHealthAsync(CancellationToken cancellationToken) => throw Down();
    }
}
