using System.Net;
using System.Text.Json;

namespace PeerLink.Server.Tests.Infrastructure;

public sealed class OpenApiTests
{
    [Theory]
    [InlineData("/publish", "post", "201,400,403,409,413,415,429,503")]
    [InlineData("/publish", "patch", "200,400,401,403,404,413,415,429,503")]
    [InlineData("/publish", "delete", "200,400,401,403,404,429,503")]
    [InlineData("/lookup", "get", "200,400,404,429,503")]
    [InlineData("/sessions", "post", "201,400,409,413,415,429,503")]
    [InlineData("/sessions/{id}/answer", "post", "202,400,401,403,404,409,413,415,429,503")]
    [InlineData("/sessions/{id}/signals", "post", "202,400,401,403,404,409,413,415,429,503")]
    [InlineData("/sessions/{id}/events", "get", "200,400,401,403,404,429,503")]
    [InlineData("/sessions/{id}", "delete", "200,401,403,404,409,429,503")]
    [InlineData("/ice-servers", "get", "200,429")]
    [InlineData("/telemetry", "post", "202,400,413,415,429")]
    [InlineData("/health", "get", "200,429,503")]
    public async Task Document_ListsEveryEndpointWithEveryStatus(string path, string method, string statuses)
    {
        using var factory = new PeerLinkFactory();
        using var client = factory.CreateClient();

        var document = await (await client.GetAsync("/openapi/v1.json")).ReadJsonAsync(HttpStatusCode.OK);

        Assert.True(document.GetProperty("paths").TryGetProperty(path, out var item), $"{path} missing");
        Assert.True(item.TryGetProperty(method, out var operation), $"{method} {path} missing");
        var responses = operation.GetProperty("responses").EnumerateObject().Select(p => p.Name).Order().ToArray();
        Assert.Equal(statuses.Split(',').Order(), responses);
        foreach (var problem in operation.GetProperty("responses").EnumerateObject().Where(p => p.Name.StartsWith('4') || (p.Name == "503" && path != "/health")))
        {
            Assert.True(problem.Value.GetProperty("content").TryGetProperty("application/problem+json", out _), $"{method} {path} {problem.Name}");
        }
    }

    [Fact]
    public async Task Document_DescribesRequestBodies()
    {
        using var factory = new PeerLinkFactory();
        using var client = factory.CreateClient();

        var document = await (await client.GetAsync("/openapi/v1.json")).ReadJsonAsync(HttpStatusCode.OK);

        var body = document.GetProperty("paths").GetProperty("/publish").GetProperty("post").GetProperty("requestBody");
        Assert.True(body.GetProperty("content").TryGetProperty("application/json", out _));
        Assert.Contains("PublishRequest", body.ToString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Object, document.GetProperty("components").GetProperty("schemas").GetProperty("PublishResponse").ValueKind);
    }
}
