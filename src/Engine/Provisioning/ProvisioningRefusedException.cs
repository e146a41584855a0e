namespace BatonClerk.Engine.Provisioning;

/// <summary>A grant or revoke refused before any write was sent; the message is one line for the operator.</summary>
public sealed class ProvisioningRefusedException(string message) : Exception(message);

/// <summary>A write that Clerk refused, or whose outcome stayed unknown after reading back.</summary>
public sealed class ProvisioningFailedException(string message, Exception? inner = null) : Exception(message, inner);
