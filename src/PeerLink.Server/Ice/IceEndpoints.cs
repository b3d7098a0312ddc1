using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using PeerLink.Server.Infrastructure;

namespace PeerLink.Server.Ice;

internal sealed record IceServer(
    string[] Urls,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Username = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Credential = null);

/// <summary><see cref="ExpiresAt"/> (ms) is when the TURN credentials stop working; a client asks
/// again before then.</summary>
internal sealed record IceServersResponse(IceServer[] IceServers, long ExpiresAt);

internal static class IceEndpoints
{
    public static WebApplicationBuilder AddIceServers(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<IceOptions>()
            .Bind(builder.Configuration.GetSection(IceOptions.Section))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<IceOptions>, IceOptionsValidator>();
        return builder;
    }

    public static IEndpointRouteBuilder MapIceServers(this IEndpointRouteBuilder app)
    {
        app.MapGet("/ice-servers", GetIceServers)
            .WithName("GetIceServers").WithTags("ICE").WithCommonProblems(usesStore: false)
            .WithSummary("STUN/TURN servers for RTCPeerConnection, with TURN credentials minted for this request.");
        return app;
    }

    private static Ok<IceServersResponse> GetIceServers(IOptions<IceOptions> options, TimeProvider time, HttpResponse response)
    {
        var ice = options.Value;
        var now = time.GetUtcNow();
        var servers = new List<IceServer>(2);
        if (ice.StunUrls.Length > 0)
        {
            servers.Add(new IceServer(ice.StunUrls));
        }

        var expiresAt = now + ice.CredentialLifetime;
        if (ice.TurnUrls.Length > 0 && !string.IsNullOrEmpty(ice.TurnSecret))
        {
            var credential = TurnCredentials.Mint(ice.TurnSecret, ice.CredentialLifetime, now);
            servers.Add(new IceServer(ice.TurnUrls, credential.Username, credential.Credential));
            expiresAt = DateTimeOffset.FromUnixTimeSeconds(credential.ExpiresAtSeconds);
        }

        // Credentials are per request; a shared cache must not hand them to someone else.
        response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new IceServersResponse([.. servers], expiresAt.ToUnixTimeMilliseconds()));
    }

    private sealed class IceOptionsValidator : IValidateOptions<IceOptions>
    {
        public ValidateOptionsResult Validate(string? name, IceOptions options)
        {
            var failures = IceOptions.Validate(options).ToList();
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}
