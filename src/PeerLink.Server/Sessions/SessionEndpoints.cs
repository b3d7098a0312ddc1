using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using PeerLink.Protocol;
using PeerLink.Server.Infrastructure;
using PeerLink.Server.Storage;
using PeerLink.Server.Telemetry;

namespace PeerLink.Server.Sessions;

/// <summary>The session mailbox (spec §5.3, §6): the answer and trickled candidates travel between
/// the phones as opaque boxes the rendezvous cannot open.</summary>
internal static class SessionEndpoints
{
    private const int SessionIdLength = 22;
    private const int SessionIdBytes = 16;
    private const int HashBytes = 32;
    private const long MaxSessionLifetimeMs = 900_000;

    // A box is nonce (12) ‖ ciphertext (≥ 1) ‖ tag (16), spec §5.2.
    private const int MinBoxBytes = 12 + 1 + 16;

    public static WebApplicationBuilder AddSessions(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SessionOptions>()
            .Bind(builder.Configuration.GetSection(SessionOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<SessionsLog>();
        return builder;
    }

    public static IEndpointRouteBuilder MapSessions(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/sessions").WithTags("Sessions");
        group.MapPost("", Create).WithName("CreateSession").WithBodyLimit(BodyLimits.Small).WithCommonProblems(hasJsonBody: true)
            .WithSummary("Open a mailbox for a token's session; returns the owner (offerer) key.");
        group.MapPost("/{id}/answer", Answer).WithName("AnswerSession").WithBodyLimit(BodyLimits.Large).WithCommonProblems(hasJsonBody: true)
            .WithSummary("Post the one answer (bearer: the answer key derived from the token).");
        group.MapPost("/{id}/signals", PostSignal).WithName("PostSignal").WithBodyLimit(BodyLimits.Large).WithCommonProblems(hasJsonBody: true)
            .WithSummary("Post a box or a bye (bearer: owner key, or answer key after the answer).");
        group.MapGet("/{id}/events", Events).WithName("SessionEvents").WithCommonProblems()
            .WithSummary("Server-sent events of what the other party posts; resumes after Last-Event-ID.");
        group.MapDelete("/{id}", Close).WithName("CloseSession").WithCommonProblems()
            .WithSummary("Close the session (owner key): listeners get a bye and their streams end.");
        return app;
    }

    private static async Task<Results<Created<CreateSessionResponse>, BadRequestProblem, ConflictProblem>> Create(
        CreateSessionRequest request,
        IRendezvousStore store,
        TimeProvider time,
        PeerLinkMetrics metrics,
        SessionsLog log,
        CancellationToken cancellationToken)
    {
        if (!IsSessionId(request.SessionId))
        {
            return Invalid("'sessionId' is 22 base64url characters (16 bytes).");
        }

        if (request.AnswerKeyHash is null || !Base64Url.TryDecode(request.AnswerKeyHash, out var hash) || hash.Length != HashBytes)
        {
            return Invalid("'answerKeyHash' is the base64url SHA-256 (32 bytes) of the answer key.");
        }

        var now = time.NowMs();
        if (request.ExpiresAt is not { } expiresAt || expiresAt <= now || expiresAt > now + MaxSessionLifetimeMs)
        {
            return Invalid("'expiresAt' is ms since the epoch, in the future and at most 15 minutes away.");
        }

        var ownerKey = Bearer.NewKey();
        var session = new SessionRecord(request.SessionId, Bearer.HashOf(ownerKey), Base64Url.Encode(hash), expiresAt, Answered: false);
        if (!await store.CreateSessionAsync(session, now, cancellationToken))
        {
            return new ConflictProblem(ProblemCodes.SessionExists, "A live session with this id exists.");
        }

        log.Created(session.SessionId, expiresAt);
        metrics.Session("created");
        return TypedResults.Created($"/sessions/{session.SessionId}/events", new CreateSessionResponse(session.SessionId, ownerKey, expiresAt));
    }

    private static async Task<Results<Accepted<SeqResponse>, BadRequestProblem, UnauthorizedProblem, ForbiddenProblem, NotFoundProblem, ConflictProblem>> Answer(
        string id,
        AnswerRequest request,
        HttpRequest http,
        IRendezvousStore store,
        TimeProvider time,
        IOptions<SessionOptions> options,
        PeerLinkMetrics metrics,
        SessionsLog log,
        CancellationToken cancellationToken)
    {
        var bearer = Bearer.From(http);
        if (!bearer.Present)
        {
            return new UnauthorizedProblem();
        }

        if (!IsBox(request.Box))
        {
            return InvalidBox();
        }

        var now = time.NowMs();
        var session = await FindAsync(store, id, now, cancellationToken);
        if (session is null)
        {
            return SessionNotFound();
        }

        if (!bearer.Matches(session.AnswerKeyHash))
        {
            return new ForbiddenProblem();
        }

        var keepUntil = now + (long)options.Value.AnsweredLifetime.TotalMilliseconds;
        var result = await store.AnswerAsync(id, request.Box, now, keepUntil, cancellationToken);
        switch (result.Outcome)
        {
            case AppendOutcome.Ok:
                log.Answered(id, result.Seq);
                metrics.Session("answered");
                return TypedResults.Accepted((string?)null, new SeqResponse(result.Seq));
            case AppendOutcome.AlreadyAnswered:
                return new ConflictProblem(ProblemCodes.SessionAnswered, "This session already has its answer.");
            default:
                return SessionNotFound();
        }
    }

    private static async Task<Results<Accepted<SeqResponse>, BadRequestProblem, UnauthorizedProblem, ForbiddenProblem, NotFoundProblem, ConflictProblem>> PostSignal(
        string id,
        SignalRequest request,
        HttpRequest http,
        IRendezvousStore store,
        TimeProvider time,
        IOptions<SessionOptions> options,
        PeerLinkMetrics metrics,
        SessionsLog log,
        CancellationToken cancellationToken)
    {
        var bearer = Bearer.From(http);
        if (!bearer.Present)
        {
            return new UnauthorizedProblem();
        }

        SignalKind kind;
        if (request is { Bye: true, Box: null })
        {
            kind = SignalKind.Bye;
        }
        else if (request is { Bye: null or false, Box: not null } && IsBox(request.Box))
        {
            kind = SignalKind.Signal;
        }
        else
        {
            return Invalid("The body is {\"box\": \"<base64url box>\"} or {\"bye\": true}.");
        }

        var now = time.NowMs();
        var session = await FindAsync(store, id, now, cancellationToken);
        if (session is null)
        {
            return SessionNotFound();
        }

        if (RoleOf(bearer, session) is not { } from)
        {
            return new ForbiddenProblem();
        }

        if (from == SignalSender.Answerer && !session.Answered)
        {
            return new ConflictProblem(ProblemCodes.NotAnswered, "The answerer posts its answer before any other signal.");
        }

        var result = await store.AppendAsync(id, from, kind, request.Box, now, options.Value.MaxSignals, cancellationToken);
        var fromName = EventStreamResult.Name(from);
        var kindName = EventStreamResult.Name(kind);
        switch (result.Outcome)
        {
            case AppendOutcome.Ok:
                break;
            case AppendOutcome.MailboxFull:
                return MailboxFull(id, kindName, fromName, metrics, log);
            default:
                return SessionNotFound();
        }

        log.Signal(id, kindName, fromName, result.Seq);
        metrics.Signal(fromName, kindName);
        return TypedResults.Accepted((string?)null, new SeqResponse(result.Seq));
    }

    private static async Task<Results<EventStreamResult, BadRequestProblem, UnauthorizedProblem, ForbiddenProblem, NotFoundProblem>> Events(
        string id,
        HttpRequest http,
        IRendezvousStore store,
        TimeProvider time,
        IOptions<SessionOptions> options,
        SessionsLog log,
        CancellationToken cancellationToken)
    {
        var bearer = Bearer.From(http);
        if (!bearer.Present)
        {
            return new UnauthorizedProblem();
        }

        var afterSeq = 0L;
        var lastEventId = http.Headers["Last-Event-ID"].ToString();
        if (lastEventId.Length > 0 && (!long.TryParse(lastEventId, NumberStyles.None, CultureInfo.InvariantCulture, out afterSeq) || afterSeq < 0))
        {
            return Invalid("'Last-Event-ID' is the seq of the last event received.");
        }

        var session = await FindAsync(store, id, time.NowMs(), cancellationToken);
        if (session is null)
        {
            return SessionNotFound();
        }

        if (RoleOf(bearer, session) is not { } listener)
        {
            return new ForbiddenProblem();
        }

        return new EventStreamResult(id, listener, afterSeq, store, time, options.Value.KeepAliveInterval, log);
    }

    private static async Task<Results<Ok<SessionClosedResponse>, UnauthorizedProblem, ForbiddenProblem, NotFoundProblem, ConflictProblem>> Close(
        string id,
        HttpRequest http,
        IRendezvousStore store,
        TimeProvider time,
        IOptions<SessionOptions> options,
        PeerLinkMetrics metrics,
        SessionsLog log,
        CancellationToken cancellationToken)
    {
        var bearer = Bearer.From(http);
        if (!bearer.Present)
        {
            return new UnauthorizedProblem();
        }

        var now = time.NowMs();
        var session = await FindAsync(store, id, now, cancellationToken);
        if (session is null)
        {
            return SessionNotFound();
        }

        if (!bearer.Matches(session.OwnerKeyHash))
        {
            return new ForbiddenProblem();
        }

        // The store keeps no separate "closed" state: a bye from the offerer ends every listener,
        // and the record itself goes at its expiry like any other. The bye counts against the cap
        // like any signal: a close exempt from it would be the unbounded append again.
        var result = await store.AppendAsync(id, SignalSender.Offerer, SignalKind.Bye, null, now, options.Value.MaxSignals, cancellationToken);
        switch (result.Outcome)
        {
            case AppendOutcome.Ok:
                break;
            case AppendOutcome.MailboxFull:
                return MailboxFull(id, EventStreamResult.Name(SignalKind.Bye), EventStreamResult.Name(SignalSender.Offerer), metrics, log);
            default:
                return SessionNotFound();
        }

        log.Closed(id);
        metrics.Session("closed");
        return TypedResults.Ok(new SessionClosedResponse(true));
    }

    /// <summary>Canonical base64url of 16 bytes, so two spellings never name one mailbox.</summary>
    /// <summary>The live session, or null for an unknown, expired or malformed id.</summary>
    private static async Task<SessionRecord?> FindAsync(IRendezvousStore store, string id, long now, CancellationToken cancellationToken) =>
        IsSessionId(id) ? await store.GetSessionAsync(id, now, cancellationToken) : null;

    /// <summary>Which party the bearer key speaks for: the owner key is the offerer's, the answer key the answerer's.</summary>
    private static SignalSender? RoleOf(Bearer bearer, SessionRecord session) =>
        bearer.Matches(session.OwnerKeyHash) ? SignalSender.Offerer
        : bearer.Matches(session.AnswerKeyHash) ? SignalSender.Answerer
        : null;

    private static bool IsSessionId([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? id) =>
        id is { Length: SessionIdLength }
        && Base64Url.TryDecode(id, out var bytes)
        && bytes.Length == SessionIdBytes
        && Base64Url.Encode(bytes) == id;

    private static bool IsBox([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? box) =>
        box is not null && Base64Url.TryDecode(box, out var bytes) && bytes.Length >= MinBoxBytes;

    private static BadRequestProblem Invalid(string detail) => new(ProblemCodes.InvalidRequest, detail);

    private static BadRequestProblem InvalidBox() =>
        Invalid("'box' is base64url of nonce ‖ ciphertext ‖ tag (spec §5.2).");

    private static ConflictProblem MailboxFull(string id, string kind, string from, PeerLinkMetrics metrics, SessionsLog log)
    {
        // Counted so operators see whether PeerLink:Sessions:MaxSignals is too tight for real clients.
        log.MailboxFull(id, kind, from);
        metrics.Session("mailbox_full");
        return new ConflictProblem(ProblemCodes.MailboxFull, "This session's mailbox holds all the signals it may; nothing leaves it before the session ends.");
    }

    private static NotFoundProblem SessionNotFound() =>
        new(ProblemCodes.SessionNotFound, "No live session with this id.");
}
