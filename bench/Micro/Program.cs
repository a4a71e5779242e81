using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// A short job, in process (no generated project, so the repository's build settings do not get in the way).
// Usage: dotnet run -c Release --project bench/Micro -- [--filter '*Notify*']   (all benchmarks by default)
var config = DefaultConfig.Instance
    .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
    .AddDiagnoser(MemoryDiagnoser.Default)
    .WithOptions(ConfigOptions.DisableOptimizationsValidator);
var arguments = args.Length == 0 ? ["--filter", "*"] : args;
BenchmarkSwitcher.FromAssembly(typeof(SpoaOpenTracing.Bench.Micro.NotifyDecodeBench).Assembly).Run(arguments, config);
