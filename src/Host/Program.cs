using BatonClerk.Engine.Sync;
using BatonClerk.Host.Commands;

// While the command line is read, another core does one-time work that a sync's first Clerk request would wait for.
ClerkSyncEngine.StartWarmUp();
return await CommandLineApp.RunAsync(args);
