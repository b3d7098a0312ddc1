namespace PeerLink.EndToEnd.Tests.Infrastructure;

[CollectionDefinition(Name)]
public sealed class HarnessGroup
{
    public const string Name = "harness";
}
