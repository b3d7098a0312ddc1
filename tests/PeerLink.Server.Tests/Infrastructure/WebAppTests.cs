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
