using BatonClerk.Benchmarks;

return args.FirstOrDefault() switch
{
    "c1z-write" => C1zWriteBenchmark.Run(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: BatonClerk.Engine.Benchmarks c1z-write [grant-count]");
    return 2;
}
