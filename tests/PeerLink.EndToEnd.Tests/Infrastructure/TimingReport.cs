using System.Globalization;

namespace PeerLink.EndToEnd.Tests.Infrastructure;

/// <summary>
/// "Token in hand → both channels open", from the SDK's own transition timestamps on both phones
/// (one machine, one clock). A report, not an assertion; also appended to .artifacts/e2e-timings.tsv.
/// </summary>
internal static class TimingReport
{
    private static readonly Lock Gate = new();

    /// <param name="startedAt">when the user acted (scan click, link opened), page clock ms; null to use the answerer's first transition.</param>
    public static void Record(Scenario scenario, string label, IReadOnlyList<Transition> offerer, IReadOnlyList<Transition> answerer, double? startedAt = null)
    {
        var tokenInHand = answerer.Count > 0 ? answerer[0].At : double.NaN;
        var offererOpen = OpenedAt(offerer);
        var answererOpen = OpenedAt(answerer);
        var bothOpen = Math.Max(offererOpen, answererOpen);
        var total = bothOpen - tokenInHand;
        var fromAction = startedAt is { } s ? bothOpen - s : double.NaN;
        var line = string.Create(CultureInfo.InvariantCulture,
            $"TIMING {label}: token in hand → both channels open {total:F0} ms (answerer open +{answererOpen - tokenInHand:F0} ms, offerer open +{offererOpen - tokenInHand:F0} ms)")
            + (startedAt is null ? "" : string.Create(CultureInfo.InvariantCulture, $"; user action → both open {fromAction:F0} ms"));
        scenario.Log(line);

        var file = Path.Combine(RepoPaths.Root, ".artifacts", "e2e-timings.tsv");
        lock (Gate)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.AppendAllText(file, string.Create(CultureInfo.InvariantCulture,
                $"{DateTime.UtcNow:O}\t{label}\t{total:F0}\t{answererOpen - tokenInHand:F0}\t{offererOpen - tokenInHand:F0}\t{fromAction:F0}\n"));
        }
    }

    private static double OpenedAt(IReadOnlyList<Transition> transitions) =>
        transitions.FirstOrDefault(t => t.To == "CONNECTED")?.At
        ?? throw new InvalidOperationException($"no CONNECTED transition in: {string.Join(", ", transitions.Select(t => t.To))}");
}
