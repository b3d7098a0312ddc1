namespace PeerLink.EndToEnd.Tests.Infrastructure;

/// <summary>Harness self-tests: no rendezvous, no coturn.</summary>
[CollectionDefinition(Name)]
public sealed class HarnessGroup
{
    public const string Name = "harness";
}

/// <summary>
/// Every product scenario shares one coturn and one rendezvous (starting them costs seconds on two
/// cores); each test launches its own browsers. Collections run one after another (xunit.runner.json).
/// </summary>
[CollectionDefinition(Name)]
public sealed class StackGroup : ICollectionFixture<StackFixture>
{
    public const string Name = "stack";
}
