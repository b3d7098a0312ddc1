using System.Net;

namespace PeerLink.Server.Tests.Infrastructure;

public sealed class RateLimitTests
{
    [Fact]
    public async Task AnyEndpoint_OverThePerClientLimit_Returns429WithRetryAfter()
    {
        using var factory = new PeerLinkFactory()
            .With("PeerLink:RateLimits:PermitsPerWindow", "3")
            .With("PeerLink:RateLimits:Window", "00:01:00");
        using var client = factory.CreateClient();

        var allowed = new[]
        {
            await client.GetAsync("/health"),
            await client.GetAsync("/ice-servers"),
            await client.GetAsync("/lookup?username=someone"),
        };
        var limited = await client.PostJsonAsync("/publish", new { username = "abc", token = "x" });
        var limitedGet = await client.GetAsync("/health");

        Assert.All(allowed, r => Assert.NotEqual(HttpStatusCode.TooManyRequests, r.StatusCode));
        var problem = await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        var retryAfter = limited.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 60);
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
        await limitedGet.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
    }

    [Fact]
    public void Start_WithZeroPermits_Fails()
    {
        using var factory = new PeerLinkFactory().With("PeerLink:RateLimits:PermitsPerWindow", "0");

        Assert.NotNull(Record.Exception(() => factory.CreateClient()));
    }
}
