using PeerLink.Server.Health;
using PeerLink.Server.Ice;
using PeerLink.Server.Infrastructure;
using PeerLink.Server.Publishing;
using PeerLink.Server.Sessions;
using PeerLink.Server.Storage;
using PeerLink.Server.Telemetry;

var builder = WebApplication.CreateBuilder(args);

builder.AddJson();
builder.AddProblemHandling();
builder.AddRateLimits();
builder.AddCorsFromConfiguration();
builder.Services.AddOpenApi();
builder.AddRendezvousStore();
builder.AddPublishing();
builder.AddSessions();
builder.AddIceServers();
builder.AddMetricsAndTelemetry();

var app = builder.Build();

app.UseProblemHandling();
app.UseWebApp();
app.UseCors();
app.UseRateLimiter();
app.UseBodyLimits();

app.MapPublishing();
app.MapSessions();
app.MapIceServers();
app.MapTelemetry();
app.MapHealth();
app.MapOpenApi();

app.Run();

/// <summary>The entry point, visible to <c>WebApplicationFactory&lt;Program&gt;</c> in the tests.</summary>
public partial class Program;
