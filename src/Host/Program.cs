using BatonClerk.Host.Commands;

return await CommandLineApp.RunAsync(args);
