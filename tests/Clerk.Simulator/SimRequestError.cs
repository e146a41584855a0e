namespace BatonClerk.Simulator;

/// <summary>Thrown while parsing a request to answer it with a ClerkErrors body.</summary>
internal sealed class SimRequestError(int status, string code, string message, string longMessage, string? paramName = null)
    : Exception(longMessage)
{
    public int Status { get; } = status;
    public string Code { get; } = code;
    public string ShortMessage { get; } = message;
    public string? ParamName { get; } = paramName;

    public static SimRequestError Invalid(string param, string? value) => new(
        422, "form_param_value_invalid", "is invalid",
        $"{param} is invalid: the value '{value}' is not allowed", param);

    public static SimRequestError NotFound(string what) => new(
        404, "resource_not_found", "not found", $"{what} was not found");
}
