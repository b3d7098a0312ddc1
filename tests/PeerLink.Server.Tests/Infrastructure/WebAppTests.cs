using System.Net;
using Microsoft.AspNetCore.Hosting;

namespace PeerLink.Server.Tests.Infrastructure;

public sealed class WebAppTests : IDisposable
{
    private readonly string _webRoot = Directory.CreateTempSubdirectory("peerlink-wwwroot-").FullName;

    public void Dispose() => Directory.Delete(_webRoot, recursive: true);

    [Fact]
    public async Task Root_ServesIndexHtmlUncachedWithoutReferrer()
    {
        await File.WriteAllTextAsync(Path.Combine(_webRoot, "index.html"), "<!doctype html><title>PeerLink</title>");
        using var factory = new PeerLinkFactory().With(WebHostDefaults.WebRootKey, _webRoot);
        using var client = factory.CreateClient();

        var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("PeerLink", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task Scripts_AreServedAsJavaScript()
    {
        await File.WriteAllTextAsync(Path.Combine(_webRoot, "app.js"), "export {};");
        using var factory = new PeerLinkFactory().With(WebHostDefaults.WebRootKey, _webRoot);
        using var client = factory.CreateClient();

        var response = await client.GetAsync("/app.js");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/sdk/0.1.0/peerlink.js", "public, max-age=31536000, immutable")]
    [InlineData("/sdk/0.1.0/integrity.json", "public, max-age=31536000, immutable")]
    [InlineData("/sdk/peerlink.js", "public, max-age=300")]
    public async Task SdkFiles_AreLoadableFromAnyOrigin_AndVersionedOnesImmutable(string path, string cacheControl)
    {
        Directory.CreateDirectory(Path.Combine(_webRoot, "sdk", "0.1.0"));
        await File.WriteAllTextAsync(Path.Combine(_webRoot, "sdk", "peerlink.js"), "export {};");
        await File.WriteAllTextAsync(Path.Combine(_webRoot, "sdk", "0.1.0", "peerlink.js"), "export {};");
        await File.WriteAllTextAsync(Path.Combine(_webRoot, "sdk", "0.1.0", "integrity.json"), "{}");
        using var factory = new PeerLinkFactory().With(WebHostDefaults.WebRootKey, _webRoot);
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Origin", "https://shop.example");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("cross-origin", response.Headers.GetValues("Cross-Origin-Resource-Policy").Single());
        Assert.Equal(cacheControl, response.Headers.CacheControl?.ToString());
        var type = response.Content.Headers.ContentType?.MediaType;
        Assert.Equal(path.EndsWith(".js", StringComparison.Ordinal) ? "text/javascript" : "application/json", type);
    }

    [Fact]
    public async Task Api_FromAnotherOrigin_GetsNoWildcardCors()
    {
        using var factory = new PeerLinkFactory();
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health");
        request.Headers.Add("Origin", "https://shop.example");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Server_WithoutWebRoot_StillServesTheApi()
    {
        using var factory = new PeerLinkFactory().With(WebHostDefaults.WebRootKey, Path.Combine(_webRoot, "absent"));
        using var client = factory.CreateClient();

        var health = await client.GetAsync("/health");
        var root = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        await root.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }
}
