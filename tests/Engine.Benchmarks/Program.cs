using BatonClerk.Benchmarks;

return args.FirstOrDefault() switch
{
    "c1z-write" => C1zWriteBenchmark.Run(args[1..]),
    "perf" => await PerfBenchmark.RunAsync(args[1..]),
    "page-cost" => await PageCostBenchmark.RunAsync(),
    "fleet-capacity" => await FleetCapacityBenchmark.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: BatonClerk.Engine.Benchmarks c1z-write [grant-count] | perf [--users N --orgs N --memberships N --latency-ms N --limit N-per-10s --parallelism N --strategy auto|instance|per-organization --store c1z|null --pre-encoded true|false --keep out.c1z] | fleet-capacity [--syncs N --users N --orgs N --memberships N --latency-ms N --limit N-per-10s]");
    return 2;
}
