using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using PeerLink.Protocol;

// bench/load/run.sh's helper:
//   LoadBench token             a fresh compact token (15 min), as a phone would publish it
//   LoadBench port              a free loopback port
//   LoadBench bare --urls URL   the ceiling: Kestrel + routing answering /lookup and /publish with
//                               fixed bodies of the rendezvous' shape, no middleware, no store
return args.FirstOrDefault() switch
{
    "token" => PrintToken(),
    "port" => PrintPort(),
    "bare" => await RunBareAsync(args[1..]),
    _ => Usage(),
};

static int PrintToken()
{
    var offer = new SessionDescription(
        Ufrag: "Xy1z",
        Pwd: "abcdefghijklmnopqrstuvwx",
        Fingerprint: RandomNumberGenerator.GetBytes(32),
        Setup: DtlsSetup.ActPass,
        MaxMessageSize: 262144,
        SctpPort: null,
        Candidates: [new IceCandidate(CandidateType.Host, CandidateProtocol.Udp, "192.168.1.20", 54321)]);
    var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    var token = BootstrapToken.Create(offer, RandomNumberGenerator.GetBytes(16), now, 900_000);
    Console.WriteLine(TokenCodec.Encode(token));
    return 0;
}

static int PrintPort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    Console.WriteLine(((IPEndPoint)listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture));
    return 0;
}

static async Task<int> RunBareAsync(string[] args)
{
    var builder = WebApplication.CreateSlimBuilder(args);
    builder.Logging.ClearProviders();
    var app = builder.Build();

    // Bodies the size of the rendezvous' answers (a ~150-character token inside).
    var token = new string('A', 150);
    var lookup = Encoding.UTF8.GetBytes(
        $$"""{"token":"{{token}}","username":"bench","tokenId":"AAAAAAAAAAAAAAAAAAAAAA","publishedAt":1795000000000,"expiresAt":1795000300000}""");
    var created = $$"""{"tokenId":"AAAAAAAAAAAAAAAAAAAAAA","username":"bench","publishedAt":1795000000000,"expiresAt":1795000300000,"ownerKey":"{{new string('B', 43)}}"}""";

    app.MapGet("/lookup", () => Results.Bytes(lookup, "application/json"));
    app.MapPost("/publish", async (HttpRequest request) =>
    {
        // Read the body as the real endpoint must, then answer.
        using var reader = new StreamReader(request.Body);
        await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        return Results.Text(created, "application/json", Encoding.UTF8, StatusCodes.Status201Created);
    });
    app.MapGet("/health", () => Results.Text("""{"status":"healthy"}""", "application/json"));
    await app.RunAsync();
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: LoadBench token | port | bare --urls http://127.0.0.1:PORT");
    return 2;
}
