using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using SpoaOpenTracing.Bench.SpopLoad;
using SpoaOpenTracing.Spop.Internal;

// Socket completions run on the epoll thread, as the agent runs them: a hop to a thread-pool worker, parked when the
// load is light, would be counted as ACK latency (BENCHMARKS.md, spop-load). Set before the first socket, and not
// passed on: the agent and the sink get the environment this process started with (null = unset).
var childEnvironment = new Dictionary<string, string?>();
if (InlineSocketCompletions.Enable())
{
    childEnvironment[InlineSocketCompletions.EnvironmentVariable] = null;
}

LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(LoadOptions.Usage);
    return 2;
}

var script = RequestScript.Build(options.Status);
ChildProcess? sink = null;
ChildProcess? agent = null;
try
{
    var target = options.Target;
    var agentPid = options.TargetPid;
    var sinkPort = 0;
    if (options.AgentPath is not null)
    {
        var environment = new Dictionary<string, string?>(childEnvironment);
        var arguments = new List<string> { "-r0", "-a", "127.0.0.1" };
        if (options.Tracing)
        {
            var portFile = Path.Combine(options.LogDirectory, "sink.port");
            File.Delete(portFile);
            sink = ChildProcess.Start(options.SinkPath!, ["--port", "0", "--port-file", portFile], options.SinkCpus,
                childEnvironment, Path.Combine(options.LogDirectory, "sink.log"), options.SinkIdle);
            sinkPort = await WaitForPortFileAsync(portFile, sink);
            environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{sinkPort}";
            environment["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
            arguments.AddRange(["-T", "otlp-http"]);
        }
        else
        {
            arguments.AddRange(["-T", "none"]);
        }

        target = new IPEndPoint(IPAddress.Loopback, FreePort());
        arguments.AddRange(["-p", target.Port.ToString(CultureInfo.InvariantCulture)]);
        arguments.AddRange(options.AgentArguments);
        agent = ChildProcess.Start(options.AgentPath, arguments, options.AgentCpus, environment,
            Path.Combine(options.LogDirectory, "agent.log"));
        agentPid = agent.Pid;
        await WaitForListenerAsync(target, agent);
    }

    var run = new LoadRun(script, options.Rate > 0 ? new Pacer(options.Rate) : null);
    var connections = Enumerable.Range(0, options.Connections).Select(i => new LoadConnection(run, i)).ToArray();
    using var drain = new CancellationTokenSource();
    var tasks = connections.Select(c => c.RunAsync(target!, drain.Token)).ToArray();

    await Task.Delay(TimeSpan.FromSeconds(options.WarmupSeconds));
    var cpuStart = agentPid is { } p0 ? ProcessStats.CpuSeconds(p0) : 0;
    var clock = Stopwatch.StartNew();
    run.StartMeasuring();
    await Task.Delay(TimeSpan.FromSeconds(options.DurationSeconds));
    run.Stop();
    var elapsed = clock.Elapsed.TotalSeconds;
    var cpu = agentPid is { } p1 ? ProcessStats.CpuSeconds(p1) - cpuStart : double.NaN;
    drain.CancelAfter(TimeSpan.FromSeconds(3));
    await Task.WhenAll(tasks);
    var rss = agentPid is { } p2 ? ProcessStats.PeakRssMiB(p2) : double.NaN;

    var latency = new LatencyHistogram();
    long messages = 0, frames = 0, requests = 0;
    foreach (var connection in connections)
    {
        latency.Add(connection.Latency);
        messages += connection.MessagesAcked;
        frames += connection.FramesAcked;
        requests += connection.RequestsCompleted;
        if (connection.Error is { } error)
        {
            Console.Error.WriteLine($"connection error: {error}");
        }
    }

    long spans = -1;
    if (agent is not null)
    {
        agent.Stop(TimeSpan.FromSeconds(15));
    }

    if (sink is not null)
    {
        using var http = new HttpClient();
        var text = await http.GetStringAsync(new Uri($"http://127.0.0.1:{sinkPort}/count"));
        spans = long.Parse(text.Split(' ')[0], CultureInfo.InvariantCulture);
    }

    var rate = messages / elapsed;
    var cpuPerMillion = messages > 0 ? cpu / (messages / 1e6) : double.NaN;
    var expectedSpans = requests * 9;
    Console.WriteLine($"mode {(options.Tracing ? "tracing" : "none")}, {options.Connections} connections x {LoadConnection.Slots} in flight, "
        + $"{(options.Rate > 0 ? $"rate {options.Rate:F0} msgs/s" : "max rate")}, {elapsed:F1} s measured");
    Console.WriteLine($"messages/s {rate:F0}  frames/s {frames / elapsed:F0}  requests/s {frames / elapsed / script.FrameCount:F0}");
    Console.WriteLine($"ACK latency p50 {latency.Percentile(50)} us  p99 {latency.Percentile(99)} us  p99.9 {latency.Percentile(99.9)} us");
    Console.WriteLine($"agent CPU {cpu:F2} s ({100 * cpu / elapsed:F0} %)  = {cpuPerMillion:F2} CPU-s per million messages; peak RSS {rss:F0} MiB");
    if (spans >= 0)
    {
        Console.WriteLine($"spans at the sink {spans}, expected 9 x {requests} completed requests = {expectedSpans}, ratio {(double)spans / expectedSpans:F3}");
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"RESULT mode={(options.Tracing ? "tracing" : "none")} rate_limit={options.Rate:F0} msgs_per_s={rate:F0} p50_us={latency.Percentile(50)} "
        + $"p99_us={latency.Percentile(99)} agent_cpu_pct={100 * cpu / elapsed:F0} cpu_s_per_million={cpuPerMillion:F2} rss_mib={rss:F0} "
        + $"spans={spans} expected_spans={expectedSpans}"));
    return connections.Any(c => c.Error is not null) ? 1 : 0;
}
finally
{
    agent?.Dispose();
    sink?.Dispose();
}

static int FreePort()
{
    using var probe = new TcpListener(IPAddress.Loopback, 0);
    probe.Start();
    return ((IPEndPoint)probe.LocalEndpoint).Port;
}

static async Task<int> WaitForPortFileAsync(string path, ChildProcess process)
{
    for (var i = 0; i < 200; i++)
    {
        if (File.Exists(path) && int.TryParse(await File.ReadAllTextAsync(path), out var port))
        {
            return port;
        }

        if (process.HasExited)
        {
            break;
        }

        await Task.Delay(50);
    }

    throw new InvalidOperationException("the sink did not start");
}

static async Task WaitForListenerAsync(IPEndPoint target, ChildProcess process)
{
    for (var i = 0; i < 200 && !process.HasExited; i++)
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await probe.ConnectAsync(target);
            return;
        }
        catch (SocketException)
        {
            await Task.Delay(50);
        }
    }

    throw new InvalidOperationException("the agent did not start listening");
}
