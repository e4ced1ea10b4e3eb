using LeverageActors.Messages.Ids;

namespace LeverageActors.Actors.Risk.Cross;

/// <summary>
/// What the watcher needs of a cross account, refreshed on its events and whenever a tick reaches
/// it: its margin surplus (cross equity less the maintenance requirement) at the prices of
/// <see cref="Markets"/>, and how fast each market's price can eat it.
/// </summary>
public sealed record CrossExposure(AccountId Account, decimal Surplus, IReadOnlyList<MarketExposure> Markets);
