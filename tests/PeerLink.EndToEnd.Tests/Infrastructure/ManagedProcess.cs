using System.Diagnostics;
using System.Text;

namespace PeerLink.EndToEnd.Tests.Infrastructure;

/// <summary>A child process whose output is kept (for failure messages) and which is killed by id, with its tree.</summary>
internal sealed class ManagedProcess : IDisposable
{
    private const int MaxLines = 400;
    private readonly Process process;
    private readonly Queue<string> lines = new();
    private readonly Lock gate = new();

    private ManagedProcess(Process process, string name)
    {
        this.process = process;
        Name = name;
    }

    public string Name { get; }

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    public static ManagedProcess Start(string name, string fileName, IEnumerable<string> arguments,
        string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info };
        var managed = new ManagedProcess(process, name);
        process.OutputDataReceived += (_, e) => managed.Append(e.Data);
        process.ErrorDataReceived += (_, e) => managed.Append(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"{name}: {fileName} did not start.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return managed;
    }

    /// <summary>The last lines the process wrote (stdout and stderr interleaved).</summary>
    public string Output(int last = 60)
    {
        lock (gate)
        {
            var text = new StringBuilder();
            foreach (var line in lines.Skip(Math.Max(0, lines.Count - last)))
            {
                text.Append("  ").Append(Name).Append("| ").AppendLine(line);
            }

            return text.ToString();
        }
    }

    public bool OutputContains(string fragment)
    {
        lock (gate)
        {
            return lines.Any(l => l.Contains(fragment, StringComparison.Ordinal));
        }
    }

    public void Kill()
    {
        if (!process.HasExited)
        {
            ProcessTree.KillTree(process.Id);
            process.WaitForExit(5000);
        }
    }

    public void Dispose()
    {
        Kill();
        process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (gate)
        {
            lines.Enqueue(line);
            while (lines.Count > MaxLines)
            {
                lines.Dequeue();
            }
        }
    }
}
