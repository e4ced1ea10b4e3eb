namespace LeverageActors.Host.Node;

/// <summary>A setting an operator got wrong: reported in one line, never as a stack trace.</summary>
public sealed class ConfigurationError(string message) : Exception(message);
