using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PeerLink.Server.Storage;

namespace PeerLink.Server.Tests.Infrastructure;

public sealed class ErrorHandlingTests
{
    [Fact]
    public async Task UnknownRoute_Returns404ProblemNotFound()
    {
        using var factory = new PeerLinkFactory();
        using var client = factory.CreateClient();

        var response = await client.GetAsync("/no/such/thing");

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task UnexpectedException_Returns500InternalErrorWithoutDetails()
    {
        using var factory = new PeerLinkFactory().WithServices(services =>
        {
            services.RemoveAll<IRendezvousStore>();
            services.AddSingleton<IRendezvousStore>(new ThrowingStore());
        });
        using var client = factory.CreateClient();

        var response = await client.GetAsync("/lookup?username=coffee-shop");

        var problem = await response.AssertProblemAsync(HttpStatusCode.InternalServerError, "internal_error");
        Assert.DoesNotContain("connection string", problem.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("ThrowingStore", problem.ToString(), StringComparison.Ordinal);
    }

    private sealed class ThrowingStore : IRendezvousStore
    {
        public Task<PublicationRecord?> LookupAsync(string handle, long now, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("bad connection string password=hunter2");

        public Task<ClaimResult> ClaimAsync(PublicationRecord record, long now, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<OwnerResult> ExtendAsync(string handle, string ownerKeyHash, long expiresAt, long now, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<OwnerResult> WithdrawAsync(string handle, string ownerKeyHash, long now, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> CreateSessionAsync(SessionRecord session, long now, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<SessionRecord?> GetSessionAsync(string sessionId, long now, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<AppendResult> AnswerAsync(string sessionId, string box, long now, long keepUntil, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<AppendResult> AppendAsync(string sessionId, SignalSender from, SignalKind kind, string? box, long now, int maxSignals, CancellationToken cancellationToken) => throw new NotSupportedException();

        public IAsyncEnumerable<MailboxSignal> ReadAsync(string sessionId, long afterSeq, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<StoreHealth> CheckHealthAsync(CancellationToken cancellationToken) => Task.FromResult(new StoreHealth(true, "throwing"));
    }
}
