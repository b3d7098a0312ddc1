using System.Diagnostics;
using System.Globalization;

namespace PeerLink.EndToEnd.Tests.Infrastructure;

/// <summary>Process ids from /proc, so everything the suite starts is killed by id and nothing by name.</summary>
internal static class ProcessTree
{
    public static int Self => Environment.ProcessId;

    /// <summary>Direct children of <paramref name="pid"/>.</summary>
    public static IReadOnlyList<int> Children(int pid) =>
        ParentMap().Where(p => p.Value == pid).Select(p => p.Key).Order().ToList();

    /// <summary>All descendants of <paramref name="pid"/>, parents before children.</summary>
    public static IReadOnlyList<int> Descendants(int pid)
    {
        var map = ParentMap();
        var result = new List<int>();
        var queue = new Queue<int>();
        queue.Enqueue(pid);
        while (queue.Count > 0)
        {
            var parent = queue.Dequeue();
            foreach (var child in map.Where(p => p.Value == parent).Select(p => p.Key))
            {
                result.Add(child);
                queue.Enqueue(child);
            }
        }

        return result;
    }

    public static bool IsAlive(int pid)
    {
        var stat = ReadStat(pid);
        // A zombie has exited; its parent just has not reaped it yet.
        return stat is not null && stat.Value.State != 'Z';
    }

    /// <summary>SIGKILLs <paramref name="pid"/> and every descendant (children first are found before the parent dies).</summary>
    public static void KillTree(int pid)
    {
        var victims = Descendants(pid).Prepend(pid).ToList();
        foreach (var victim in victims)
        {
            try
            {
                using var process = Process.GetProcessById(victim);
                process.Kill();
            }
            catch (ArgumentException)
            {
                // already gone
            }
            catch (InvalidOperationException)
            {
                // already gone
            }
        }
    }

    public static string Describe(int pid)
    {
        try
        {
            var cmdline = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
            return $"{pid} {(cmdline.Length > 120 ? cmdline[..120] + "…" : cmdline)}";
        }
        catch (IOException)
        {
            return $"{pid} (gone)";
        }
    }

    private static Dictionary<int, int> ParentMap()
    {
        var map = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && ReadStat(pid) is { } stat)
            {
                map[pid] = stat.ParentId;
            }
        }

        return map;
    }

    private static (char State, int ParentId)? ReadStat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        // "pid (comm) state ppid …" — comm may itself hold spaces and parentheses.
        var close = text.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }

        var fields = text[(close + 2)..].Split(' ');
        return fields.Length > 1 && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ppid)
            ? (fields[0][0], ppid)
            : null;
    }
}
