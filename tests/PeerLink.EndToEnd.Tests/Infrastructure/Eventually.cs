using System.Globalization;

namespace PeerLink.EndToEnd.Tests.Infrastructure;

/// <summary>Bounded polling of a page, with a failure message that says what was awaited and what was seen.</summary>
internal static class Eventually
{
    /// <summary>
    /// Evaluates <paramref name="expression"/> (JS returning a JSON-able value, stringified here)
    /// until <paramref name="done"/> holds, and returns the last value.
    /// </summary>
    public static async Task<string> WaitAsync(IPage page, string expression, Func<string, bool> done, TimeSpan timeout, string what)
    {
        var started = DateTime.UtcNow;
        var last = "(not evaluated)";
        while (true)
        {
            try
            {
                last = await page.EvaluateAsync<string>($"async () => JSON.stringify(await ({expression}))")
                    .WaitAsync(TimeSpan.FromSeconds(5)) ?? "undefined";
            }
            catch (PlaywrightException e)
            {
                last = $"(evaluation failed: {e.Message.Split('\n')[0]})";
            }
            catch (TimeoutException)
            {
                last = "(evaluation did not answer in 5 s)";
            }

            if (done(last))
            {
                return last;
            }

            if (DateTime.UtcNow - started > timeout)
            {
                throw new TimeoutException(string.Create(CultureInfo.InvariantCulture,
                    $"Timed out after {timeout.TotalSeconds:F1} s waiting for {what}. Last seen: {last}"));
            }

            await Task.Delay(40);
        }
    }
}
