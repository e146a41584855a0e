using Akka.Hosting;
using BatonClerk.Engine.Sync;
using Microsoft.Extensions.DependencyInjection;

namespace BatonClerk.Engine.Hosting;

/// <summary>The public way to embed the engine in a .NET host.</summary>
public static class ClerkSyncHostingExtensions
{
    /// <summary>
    /// The engine's HOCON defaults: the single c1z writer runs on a thread of its own, and Akka prints nothing on
    /// stdout by itself (its logs go through the host's logging).
    /// </summary>
    public const string EngineHocon = "baton-clerk.uploader-dispatcher { type = PinnedDispatcher }\nakka.stdout-loglevel = OFF";

    /// <summary>
    /// Registers the sync coordinator in the ActorRegistry. The options are validated here, at start-up, so a bad
    /// key or URL stops the host with a clear message instead of failing the first sync.
    /// </summary>
    public static AkkaConfigurationBuilder WithClerkSync(this AkkaConfigurationBuilder builder, ClerkSyncOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ValidateEngineSettings();
        return builder
            .AddHocon(EngineHocon, HoconAddMode.Append)
            .WithActors((system, registry) => registry.Register<ClerkSyncCoordinator>(system.ActorOf(ClerkSyncCoordinator.Props(), "clerk-sync")));
    }

    /// <summary>
    /// Adds an actor system with the engine, the <see cref="IClerkSync"/> service and <see cref="IClerkProvisioning"/>,
    /// which writes to Clerk only when <paramref name="provisioning"/> enables it.
    /// </summary>
    public static IServiceCollection AddClerkSync(
        this IServiceCollection services, ClerkSyncOptions options, Action<AkkaConfigurationBuilder>? configure = null, ClerkProvisioningOptions? provisioning = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ValidateEngineSettings();
        services.AddAkka("baton-clerk", builder =>
        {
            // Akka's and the engine's log records go to the host's ILoggerFactory (categories "Akka.*" and the
            // engine's actor classes), under the host's filters, instead of Akka's own stdout lines.
            builder.ConfigureLoggers(loggers =>
            {
                loggers.ClearLoggers();
                loggers.AddLoggerFactory();
            });
            builder.WithClerkSync(options);
            configure?.Invoke(builder);
        });
        return services.AddClerkSyncService(options, provisioning);
    }

    /// <summary>
    /// For hosts that call AddAkka themselves with <see cref="WithClerkSync"/>: registers <see cref="IClerkSync"/> and
    /// <see cref="IClerkProvisioning"/> (off unless <paramref name="provisioning"/> enables it).
    /// </summary>
    public static IServiceCollection AddClerkSyncService(this IServiceCollection services, ClerkSyncOptions options, ClerkProvisioningOptions? provisioning = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return services
            .AddSingleton<IClerkSync>(sp => new ClerkSync(sp.GetRequiredService<IRequiredActor<ClerkSyncCoordinator>>(), options))
            .AddSingleton<IClerkProvisioning>(sp => new ClerkProvisioning(
                sp.GetRequiredService<Akka.Actor.ActorSystem>(), options, provisioning, sp.GetService<Microsoft.Extensions.Logging.ILoggerFactory>()));
    }
}
