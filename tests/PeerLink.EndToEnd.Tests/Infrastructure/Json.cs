using System.Text.Json;

namespace PeerLink.EndToEnd.Tests.Infrastructure;

internal static class Json
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static T Parse<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new InvalidOperationException($"null JSON: {json}");

    public static T? ParseOrNull<T>(string json)
        where T : class => JsonSerializer.Deserialize<T>(json, Options);

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);
}

/// <summary>The SDK's <c>Transition</c>.</summary>
internal sealed record Transition(string From, string To, double At, string? Reason);

internal static class TransitionList
{
    /// <summary>The sequence of states the transitions walk through, the first one's <c>from</c> included.</summary>
    public static string[] States(this IReadOnlyList<Transition> transitions) =>
        transitions.Count == 0 ? [] : [transitions[0].From, .. transitions.Select(t => t.To)];
}

/// <summary>A <c>PeerLinkError</c> as seen from the page.</summary>
internal sealed record PageError(string Code, string Reason);

/// <summary>A history entry reduced to what the tests compare.</summary>
internal sealed record Exchanged(string Direction, string Type);
