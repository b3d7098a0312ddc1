namespace PeerLink.Protocol.Tests.Vectors;

/// <summary>The cases of spec/vectors/messages.json (filled in with the message validator).</summary>
internal static class MessageVectors
{
    public static IReadOnlyList<(string Name, string Json)> Valid() => [];

    public static IReadOnlyList<InvalidVector> Invalid() => [];
}
