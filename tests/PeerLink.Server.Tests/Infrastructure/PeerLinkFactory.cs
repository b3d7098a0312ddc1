using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace PeerLink.Server.Tests.Infrastructure;

/// <summary>
/// The real service in process, on a <see cref="FakeTimeProvider"/> (starting at the vectors'
/// <c>now</c>) and with rate limits high enough not to interfere; tests that need other settings
/// pass them in.
/// </summary>
public sealed class PeerLinkFactory : WebApplicationFactory<Program>
{
    public const long StartMs = 1_795_000_000_000;

    private readonly Dictionary<string, string?> _settings = new(StringComparer.Ordinal)
    {
        ["PeerLink:RateLimits:PermitsPerWindow"] = "1000000",
    };

    private readonly List<Action<IServiceCollection>> _services = [];

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.FromUnixTimeMilliseconds(StartMs));

    public CapturingLoggerProvider Logs { get; } = new();

    public long NowMs => Time.GetUtcNow().ToUnixTimeMilliseconds();

    public PeerLinkFactory With(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    internal PeerLinkFactory WithServices(Action<IServiceCollection> configure)
    {
        _services.Add(configure);
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging
            .AddProvider(Logs)
            .AddFilter<CapturingLoggerProvider>(null, LogLevel.Trace));
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Time);
            foreach (var configure in _services)
            {
                configure(services);
            }
        });
    }
}
