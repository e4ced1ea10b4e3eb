namespace LeverageActors.Actors.Risk.Cross;

/// <summary>
/// Whether the node's market watch runs the cross-account watcher (with <c>Accounts:CrossMargin:Enabled</c>),
/// and how often it asks every watched account for its exposure again, so that interest, which
/// lowers the surplus between an account's events, is brought into its bands
/// (<c>Accounts:CrossMargin:RefreshEvery</c>).
/// </summary>
public sealed record CrossWatchSettings(bool Enabled, TimeSpan RefreshEvery)
{
    public static readonly TimeSpan DefaultRefreshEvery = TimeSpan.FromSeconds(60);

    public static readonly CrossWatchSettings Off = new(false, DefaultRefreshEvery);
}
