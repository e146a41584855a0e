namespace BatonClerk.Engine.Clerk;

/// <summary>What went wrong with a Clerk request, as the command line and service mode report it.</summary>
public enum ClerkErrorKind
{
    /// <summary>401: the secret key was rejected.</summary>
    Unauthorized,

    /// <summary>403 on /organization_roles or /organization_permissions: the instance lacks the (paid) feature.</summary>
    FeatureNotEnabled,

    /// <summary>
    /// 403 with code organization_not_enabled_in_instance, on any organization endpoint: the instance has the
    /// Organizations feature turned off, so it has no organizations, roles, permissions or memberships.
    /// </summary>
    OrganizationsNotEnabled,

    /// <summary>403 anywhere else.</summary>
    Forbidden,

    NotFound,

    /// <summary>400/422: the request itself is wrong, i.e. a bug on our side; retrying cannot help.</summary>
    InvalidRequest,

    /// <summary>429: the key's budget is spent; see <see cref="ClerkApiException.RetryAfter"/>.</summary>
    RateLimited,

    ServerError,

    /// <summary>The connection failed or broke before a full answer arrived.</summary>
    Transport,

    /// <summary>An attempt exceeded its timeout, or the server answered 408.</summary>
    Timeout,

    /// <summary>A 2xx whose body was not the JSON the spec promises (truncated, garbled, wrong shape).</summary>
    MalformedResponse,

    /// <summary>Any other status.</summary>
    Unexpected,
}
