namespace LeverageActors.Actors.Simulation;

/// <summary>A price file the simulator cannot read; the message names the file and the line (<c>file:line: problem</c>).</summary>
public sealed class PriceFileError(string message) : Exception(message)
{
    public static PriceFileError At(string file, int line, string problem) => new($"{file}:{line}: {problem}");
}
