namespace PeerLink.EndToEnd.Tests.Infrastructure;

/// <summary>coturn plus the rendezvous minting credentials for it, on free loopback ports.</summary>
public sealed class StackFixture : IAsyncLifetime
{
    private TurnServer? turn;
    private RendezvousServer? rendezvous;

    internal TurnServer Turn => turn ?? throw new InvalidOperationException("coturn is not running.");

    internal RendezvousServer Rendezvous => rendezvous ?? throw new InvalidOperationException("The rendezvous is not running.");

    /// <summary>Starts the shared rendezvous again if a previous test left it dead (so one crash fails one test).</summary>
    internal async Task<RendezvousServer> RunningRendezvousAsync(ITestOutputHelper output)
    {
        if (rendezvous is { IsRunning: false } dead)
        {
            output.WriteLine($"The shared rendezvous had exited; its last output:\n{dead.Output()}\nStarting a new one.");
            dead.Dispose();
            rendezvous = await RendezvousServer.StartAsync(Turn);
        }

        return Rendezvous;
    }

    public async Task InitializeAsync()
    {
        turn = await TurnServer.StartAsync();
        try
        {
            rendezvous = await RendezvousServer.StartAsync(turn);
        }
        catch
        {
            turn.Dispose();
            turn = null;
            throw;
        }
    }

    public Task DisposeAsync()
    {
        rendezvous?.Dispose();
        turn?.Dispose();
        return Task.CompletedTask;
    }
}
