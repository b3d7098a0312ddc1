namespace PeerLink.Protocol.Tests;

public sealed class LimitsTests
{
    [Fact]
    public void DefaultTtl_IsWithinBounds() => Assert.InRange(Limits.DefaultTtlMs, Limits.MinTtlMs, Limits.MaxTtlMs);

    [Theory]
    [InlineData(59_999, false)]
    [InlineData(60_000, true)]
    [InlineData(300_000, true)]
    [InlineData(900_000, true)]
    [InlineData(900_001, false)]
    [InlineData(0, false)]
    [InlineData(-60_000, false)]
    [InlineData(long.MaxValue, false)]
    public void IsValidTtl_AtTheBoundaries(long ms, bool valid) => Assert.Equal(valid, Limits.IsValidTtl(ms));
}
