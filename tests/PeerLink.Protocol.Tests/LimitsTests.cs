using PeerLink.Protocol;

namespace PeerLink.Protocol.Tests;

public sealed class LimitsTests
{
    [Fact]
    public void DefaultTtl_IsWithinBounds() => Assert.InRange(Limits.DefaultTtlMs, Limits.MinTtlMs, Limits.MaxTtlMs);
}
