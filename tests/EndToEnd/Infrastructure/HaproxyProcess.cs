using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace SpoaOpenTracing.EndToEnd.Infrastructure;

/// <summary>
/// One real HAProxy in the foreground (<c>-db</c>), configured from templates written into its own temp directory.
/// The config is checked with <c>haproxy -c</c> first; start returns once the frontend port accepts connections.
/// Dispose stops it by PID: SIGTERM, then SIGKILL if it has not exited after a bounded wait.
/// </summary>
/// <remarks>
/// Templates use <c>{{NAME}}</c> placeholders (HAProxy itself expands <c>${NAME}</c>, so that syntax stays free).
/// <c>{{DIR}}</c> (the temp directory) and <c>{{STATS_SOCKET}}</c> are always defined. Every other file of the
/// set (e.g. <c>spoe.cfg</c>) is rendered with the same values and lands next to the main config, which is also
/// HAProxy's working directory, so relative <c>config spoe.cfg</c> references work.
/// </remarks>
internal sealed class HaproxyProcess : IAsyncDisposable
{
    private const int SigTerm = 15;
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);

    private readonly Process _process;
    private readonly HaproxyLog _log;
    private readonly DirectoryInfo _directory;
    private int _disposed;

    private HaproxyProcess(Process process, HaproxyLog log, DirectoryInfo directory)
    {
        _process = process;
        _log = log;
        _directory = directory;
    }

    public int Pid => _process.Id;

    public string Directory => _directory.FullName;

    public string StatsSocketPath => Path.Combine(Directory, "haproxy.sock");

    /// <summary>HAProxy's stdout and stderr lines: access logs, SPOE logs, alerts.</summary>
    public HaproxyLog Log => _log;

    public bool HasExited => _process.HasExited;

    public StatsSocket Stats => new(StatsSocketPath);

    /// <summary>Renders the files, checks the config, starts HAProxy and waits for <paramref name="frontendPort"/>.</summary>
    /// <param name="files">File name → template; <paramref name="mainConfig"/> names the one given to <c>-f</c>.</param>
    public static async Task<HaproxyProcess> StartAsync(
        IReadOnlyDictionary<string, string> files,
        string mainConfig,
        IReadOnlyDictionary<string, string> values,
        int frontendPort,
        TimeSpan? startTimeout = null)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("spoa-e2e-haproxy-");
        try
        {
            var allValues = new Dictionary<string, string>(values, StringComparer.Ordinal)
            {
                ["DIR"] = directory.FullName,
                ["STATS_SOCKET"] = Path.Combine(directory.FullName, "haproxy.sock"),
            };
            foreach (var (name, template) in files)
            {
                // HAProxy refuses a config whose last line has no LF; raw string literals end without one.
                var text = Render(template, allValues);
                await File.WriteAllTextAsync(Path.Combine(directory.FullName, name), text.EndsWith('\n') ? text : text + "\n");
            }

            var configPath = Path.Combine(directory.FullName, mainConfig);
            await CheckConfigAsync(configPath, directory.FullName);
            return await LaunchAsync(configPath, directory, frontendPort, startTimeout ?? TimeSpan.FromSeconds(15));
        }
        catch
        {
            directory.Delete(recursive: true);
            throw;
        }
    }

    /// <summary>Single-file form: the template is <c>haproxy.cfg</c>.</summary>
    public static Task<HaproxyProcess> StartAsync(string haproxyCfg, IReadOnlyDictionary<string, string> values, int frontendPort) =>
        StartAsync(new Dictionary<string, string> { ["haproxy.cfg"] = haproxyCfg }, "haproxy.cfg", values, frontendPort);

    /// <summary>Replaces every <c>{{NAME}}</c>; a placeholder left without a value is a test bug, so it throws.</summary>
    public static string Render(string template, IReadOnlyDictionary<string, string> values)
    {
        var builder = new StringBuilder(template);
        foreach (var (name, value) in values)
        {
            builder.Replace("{{" + name + "}}", value);
        }

        var rendered = builder.ToString();
        var left = rendered.IndexOf("{{", StringComparison.Ordinal);
        if (left >= 0)
        {
            var end = rendered.IndexOf("}}", left, StringComparison.Ordinal);
            throw new ArgumentException($"no value for placeholder {rendered[left..(end < 0 ? rendered.Length : end + 2)]}");
        }

        return rendered;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await StopAsync(_process);
        }
        finally
        {
            _process.Dispose();
            try
            {
                _directory.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A socket file still being unlinked by the exiting process; the temp dir is cleaned by the OS later.
            }
        }
    }

    private static async Task CheckConfigAsync(string configPath, string workingDirectory)
    {
        var check = new ProcessStartInfo(HaproxyExecutable.FullPath, ["-c", "-f", configPath])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(check) ?? throw new InvalidOperationException("cannot start haproxy -c");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw;
        }

        if (process.ExitCode != 0)
        {
            throw new HaproxyConfigException(process.ExitCode, (await stdout) + (await stderr), await File.ReadAllTextAsync(configPath));
        }
    }

    private static async Task<HaproxyProcess> LaunchAsync(string configPath, DirectoryInfo directory, int frontendPort, TimeSpan startTimeout)
    {
        var start = new ProcessStartInfo(HaproxyExecutable.FullPath, ["-db", "-f", configPath])
        {
            WorkingDirectory = directory.FullName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var log = new HaproxyLog();
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => log.Add(e.Data);
        process.ErrorDataReceived += (_, e) => log.Add(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var haproxy = new HaproxyProcess(process, log, directory);
        try
        {
            var deadline = DateTime.UtcNow + startTimeout;
            while (!await Ports.IsAcceptingAsync(frontendPort))
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"haproxy exited with {process.ExitCode} before listening:\n{log.Text}");
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"haproxy did not listen on {frontendPort} within {startTimeout}:\n{log.Text}");
                }

                await Task.Delay(25);
            }

            return haproxy;
        }
        catch
        {
            await haproxy.DisposeAsync();
            throw;
        }
    }

    private static async Task StopAsync(Process process)
    {
        if (process.HasExited)
        {
            return;
        }

        // HAProxy treats SIGTERM as a hard stop (closes listeners and exits); Process.Kill would skip that.
        if (kill(process.Id, SigTerm) == 0)
        {
            using var grace = new CancellationTokenSource(StopGrace);
            try
            {
                await process.WaitForExitAsync(grace.Token);
                return;
            }
            catch (OperationCanceledException)
            {
                // Fall through to SIGKILL.
            }
        }

        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: false);
            await process.WaitForExitAsync();
        }
    }

    [DllImport("libc", SetLastError = true)]
#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe blocks in the test project for one call
    private static extern int kill(int pid, int signal);
#pragma warning restore SYSLIB1054
}
