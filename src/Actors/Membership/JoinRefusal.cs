using Akka.Actor;

namespace LeverageActors.Actors.Membership;

/// <summary>
/// Why a node stopped instead of joining or starting a cluster: a setting an operator got wrong,
/// which a restart alone would not mend. The command line reports <see cref="Explanation"/> as
/// its one error line.
/// </summary>
public abstract class JoinRefusal : CoordinatedShutdown.Reason
{
    /// <summary>The command line's code for a setting an operator got wrong.</summary>
    public override int ExitCode => 2;

    public abstract string Explanation { get; }

    public override string ToString() => Explanation;
}
