using Microsoft.AspNetCore.Http.HttpResults;
using PeerLink.Protocol;
using PeerLink.Server.Infrastructure;
using PeerLink.Server.Storage;
using PeerLink.Server.Telemetry;

namespace PeerLink.Server.Publishing;

/// <summary>The Topic Broadcaster and Lookup Resolver (spec §6): handle → published token.</summary>
internal static class PublishEndpoints
{
    public static WebApplicationBuilder AddPublishing(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PublishingLog>();
        return builder;
    }

    public static IEndpointRouteBuilder MapPublishing(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").WithTags("Publishing");
        group.MapPost("/publish", Publish).WithName("Publish").WithBodyLimit(BodyLimits.Small).WithCommonProblems(hasJsonBody: true)
            .WithSummary("Publish a token under a handle, or replace one's own publication.");
        group.MapPatch("/publish", Extend).WithName("ExtendPublication").WithBodyLimit(BodyLimits.Small).WithCommonProblems(hasJsonBody: true)
            .WithSummary("Extend one's own publication.");
        group.MapDelete("/publish", Withdraw).WithName("WithdrawPublication").WithCommonProblems()
            .WithSummary("Withdraw one's own publication.");
        group.MapGet("/lookup", Lookup).WithName("Lookup").WithCommonProblems()
            .WithSummary("Resolve a handle to its live, unused token.");
        return app;
    }

    private static async Task<Results<Created<PublishResponse>, BadRequestProblem, ForbiddenProblem, ConflictProblem>> Publish(
        PublishRequest request,
        HttpRequest http,
        IRendezvousStore store,
        TimeProvider time,
        PeerLinkMetrics metrics,
        PublishingLog log,
        CancellationToken cancellationToken)
    {
        if (!TryReadHandle(request.Username, out var handle, out var handleProblem))
        {
            return handleProblem;
        }

        if (!TryReadTtl(request.Ttl, out var ttl, out var ttlProblem))
        {
            return ttlProblem;
        }

        if (string.IsNullOrEmpty(request.Token))
        {
            return new BadRequestProblem(ProblemCodes.InvalidRequest, "'token' is required.");
        }

        var bearer = Bearer.From(http);
        if (bearer.Malformed)
        {
            return new ForbiddenProblem();
        }

        var now = time.NowMs();
        if (!TokenCodec.TryDecode(request.Token, now, out var token, out var reason))
        {
            log.InvalidToken(handle, reason);
            metrics.Published("invalid_token");
            return new BadRequestProblem(ProblemCodes.InvalidToken, $"The token is invalid: {reason}.", reason);
        }

        // Presenting one's owner key replaces one's own publication and keeps the key.
        var ownerKey = bearer.Key ?? Bearer.NewKey();
        var record = new PublicationRecord(
            Handle: handle,
            Token: request.Token.Trim(),
            TokenId: token.SessionId,
            OwnerKeyHash: bearer.KeyHash ?? Bearer.HashOf(ownerKey),
            PublishedAt: now,
            ExpiresAt: Math.Min(now + ttl, token.ExpiresAt),
            TokenExpiresAt: token.ExpiresAt);

        var result = await store.ClaimAsync(record, now, cancellationToken);
        if (result.Outcome == ClaimOutcome.HandleTaken)
        {
            log.HandleTaken(handle);
            metrics.Published("handle_taken");
            return new ConflictProblem(ProblemCodes.HandleTaken, $"The handle '{handle}' is held by another owner.");
        }

        var outcome = result.Outcome == ClaimOutcome.Replaced ? "replaced" : "created";
        log.Published(handle, outcome, record.ExpiresAt);
        metrics.Published(outcome);
        return TypedResults.Created(
            $"/lookup?username={Uri.EscapeDataString(handle)}",
            new PublishResponse(record.TokenId, handle, record.PublishedAt, record.ExpiresAt, ownerKey));
    }

    private static async Task<Results<Ok<ExtendResponse>, BadRequestProblem, UnauthorizedProblem, ForbiddenProblem, NotFoundProblem>> Extend(
        ExtendRequest request,
        HttpRequest http,
        IRendezvousStore store,
        TimeProvider time,
        PublishingLog log,
        CancellationToken cancellationToken)
    {
        if (!TryReadHandle(request.Username, out var handle, out var handleProblem))
        {
            return handleProblem;
        }

        if (!TryReadTtl(request.Ttl, out var ttl, out var ttlProblem))
        {
            return ttlProblem;
        }

        var bearer = Bearer.From(http);
        if (!bearer.Present)
        {
            return new UnauthorizedProblem();
        }

        var now = time.NowMs();
        var current = await store.LookupAsync(handle, now, cancellationToken);
        if (current is null)
        {
            return NotPublished(handle);
        }

        if (!bearer.Matches(current.OwnerKeyHash))
        {
            return new ForbiddenProblem();
        }

        // A publication never outlives its token.
        var expiresAt = Math.Min(now + ttl, current.TokenExpiresAt);
        var result = await store.ExtendAsync(handle, bearer.KeyHash!, expiresAt, now, cancellationToken);
        switch (result.Outcome)
        {
            case OwnerOutcome.Ok:
                log.Extended(handle, result.ExpiresAt);
                return TypedResults.Ok(new ExtendResponse(true, result.ExpiresAt));
            case OwnerOutcome.Forbidden:
                return new ForbiddenProblem();
            default:
                return NotPublished(handle);
        }
    }

    private static async Task<Results<Ok<WithdrawResponse>, BadRequestProblem, UnauthorizedProblem, ForbiddenProblem, NotFoundProblem>> Withdraw(
        string? username,
        HttpRequest http,
        IRendezvousStore store,
        TimeProvider time,
        PublishingLog log,
        CancellationToken cancellationToken)
    {
        if (!TryReadHandle(username, out var handle, out var handleProblem))
        {
            return handleProblem;
        }

        var bearer = Bearer.From(http);
        if (!bearer.Present)
        {
            return new UnauthorizedProblem();
        }

        if (bearer.Malformed)
        {
            return new ForbiddenProblem();
        }

        var result = await store.WithdrawAsync(handle, bearer.KeyHash!, time.NowMs(), cancellationToken);
        switch (result.Outcome)
        {
            case OwnerOutcome.Ok:
                log.Withdrawn(handle);
                return TypedResults.Ok(new WithdrawResponse(true));
            case OwnerOutcome.Forbidden:
                return new ForbiddenProblem();
            default:
                return NotPublished(handle);
        }
    }

    private static async Task<Results<Ok<LookupResponse>, BadRequestProblem, NotFoundProblem>> Lookup(
        string? username,
        IRendezvousStore store,
        TimeProvider time,
        PeerLinkMetrics metrics,
        PublishingLog log,
        HttpResponse response,
        CancellationToken cancellationToken)
    {
        if (!TryReadHandle(username, out var handle, out var handleProblem))
        {
            return handleProblem;
        }

        var found = await store.LookupAsync(handle, time.NowMs(), cancellationToken);
        log.Lookup(handle, found is null ? "not_found" : "found");
        metrics.LookedUp(found is not null);
        if (found is null)
        {
            return NotPublished(handle);
        }

        // The answer is single use and time limited; no cache may keep it.
        response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new LookupResponse(found.Token, found.Handle, found.TokenId, found.PublishedAt, found.ExpiresAt));
    }

    private static bool TryReadHandle(string? raw, out string handle, out BadRequestProblem problem)
    {
        if (HandleName.TryNormalize(raw, out var normalized))
        {
            handle = normalized;
            problem = null!;
            return true;
        }

        handle = "";
        problem = new BadRequestProblem(
            ProblemCodes.InvalidHandle,
            raw is null ? "'username' is required." : "A handle is 3–32 characters of a-z 0-9 . _ - (case-insensitive).");
        return false;
    }

    private static bool TryReadTtl(long? raw, out long ttl, out BadRequestProblem problem)
    {
        ttl = raw ?? Limits.DefaultTtlMs;
        if (ttl is >= Limits.MinTtlMs and <= Limits.MaxTtlMs)
        {
            problem = null!;
            return true;
        }

        problem = new BadRequestProblem(ProblemCodes.InvalidTtl, $"'ttl' is in ms, {Limits.MinTtlMs}–{Limits.MaxTtlMs}.");
        return false;
    }

    private static NotFoundProblem NotPublished(string handle) =>
        new(ProblemCodes.NotFound, $"Nothing is published under '{handle}' (unknown, expired or already used).");
}
