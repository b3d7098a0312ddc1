using System.ComponentModel.DataAnnotations;

namespace PeerLink.Server.Storage;

/// <summary><c>PeerLink:Store</c>: <c>Provider</c> is <c>InMemory</c> (default, embedded, one
/// instance) or <c>Redis</c> (scale-out; <c>Redis</c> is the connection string).</summary>
internal sealed class StoreOptions : IValidatableObject
{
    public const string Section = "PeerLink:Store";
    public const string InMemory = "InMemory";
    public const string RedisProvider = "Redis";

    public string Provider { get; set; } = InMemory;

    public string? Redis { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.Equals(Provider, InMemory, StringComparison.OrdinalIgnoreCase)
            && !string.Equals(Provider, RedisProvider, StringComparison.OrdinalIgnoreCase))
        {
            yield return new ValidationResult("PeerLink:Store:Provider is InMemory or Redis.", [nameof(Provider)]);
        }

        if (string.Equals(Provider, RedisProvider, StringComparison.OrdinalIgnoreCase) && string.IsNullOrWhiteSpace(Redis))
        {
            yield return new ValidationResult("PeerLink:Store:Redis (a connection string) is required with the Redis provider.", [nameof(Redis)]);
        }
    }
}

internal static class StoreRegistration
{
    public static WebApplicationBuilder AddRendezvousStore(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<StoreOptions>()
            .Bind(builder.Configuration.GetSection(StoreOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);

        // The provider decides which services exist, so it is read here rather than from IOptions.
        var options = builder.Configuration.GetSection(StoreOptions.Section).Get<StoreOptions>() ?? new StoreOptions();
        if (string.Equals(options.Provider, StoreOptions.RedisProvider, StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrWhiteSpace(options.Redis))
            {
                throw new InvalidOperationException("PeerLink:Store:Redis (a connection string) is required with the Redis provider.");
            }

            builder.Services.AddRedisRendezvousStore(options.Redis);
        }
        else
        {
            builder.Services.AddSingleton<InMemoryRendezvousStore>();
            builder.Services.AddSingleton<IRendezvousStore>(sp => sp.GetRequiredService<InMemoryRendezvousStore>());
        }

        return builder;
    }
}
