using System.Text.Json;
using System.Text.Json.Serialization;
using PeerLink.Server.Health;
using PeerLink.Server.Ice;
using PeerLink.Server.Publishing;
using PeerLink.Server.Sessions;
using PeerLink.Server.Telemetry;

namespace PeerLink.Server.Infrastructure;

/// <summary>Every wire type, serialized by generated code (no reflection at run time).</summary>
// Strict numbers: the web defaults would also read "300000" as a number; a wrong type is a 400.
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(PublishRequest))]
[JsonSerializable(typeof(PublishResponse))]
[JsonSerializable(typeof(ExtendRequest))]
[JsonSerializable(typeof(ExtendResponse))]
[JsonSerializable(typeof(WithdrawResponse))]
[JsonSerializable(typeof(LookupResponse))]
[JsonSerializable(typeof(CreateSessionRequest))]
[JsonSerializable(typeof(CreateSessionResponse))]
[JsonSerializable(typeof(AnswerRequest))]
[JsonSerializable(typeof(SignalRequest))]
[JsonSerializable(typeof(SeqResponse))]
[JsonSerializable(typeof(SessionClosedResponse))]
[JsonSerializable(typeof(SignalEvent))]
[JsonSerializable(typeof(IceServersResponse))]
[JsonSerializable(typeof(TelemetryReport))]
[JsonSerializable(typeof(HealthResponse))]
internal sealed partial class ServerJsonContext : JsonSerializerContext;

internal static class JsonSetup
{
    public static WebApplicationBuilder AddJson(this WebApplicationBuilder builder)
    {
        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            options.SerializerOptions.TypeInfoResolverChain.Insert(0, ServerJsonContext.Default);
        });
        return builder;
    }
}
