using Grpc.Core;

namespace BatonClerk.Engine.Service;

/// <summary>Statuses on the startup Hello that retrying cannot fix, with a hint for the operator.</summary>
internal static class FatalStatus
{
    public static bool IsFatal(StatusCode code) => code is StatusCode.Unauthenticated
        or StatusCode.PermissionDenied
        or StatusCode.InvalidArgument
        or StatusCode.Unimplemented
        or StatusCode.FailedPrecondition
        or StatusCode.NotFound;

    public static string Hint(StatusCode code) => code switch
    {
        StatusCode.Unauthenticated => "check BATON_CLIENT_ID and BATON_CLIENT_SECRET",
        StatusCode.PermissionDenied => "the client credential is not allowed to run this connector",
        StatusCode.NotFound => "the connector for this client id was not found in ConductorOne",
        _ => "ConductorOne does not accept this connector's requests",
    };
}
