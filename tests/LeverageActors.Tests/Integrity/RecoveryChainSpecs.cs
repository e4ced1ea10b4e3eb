using LeverageActors.Messages.Ids;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Integrity;

/// <summary>
/// A row edited in the database with its link left as it was: the node recovered the edited amount
/// and the account could withdraw it before anyone ran the audit (found by a read-only review). The
/// entity now checks every link as it recovers and does not recover past a broken one.
/// </summary>
public sealed class RecoveryChainSpecs
{
    [Fact]
    public async Task An_account_whose_deposit_was_raised_in_the_database_does_not_recover_the_raised_balance()
    {
        using var database = TestDatabase.OnDisk();
        var s = await Scenario.StartAsync(database);
        await (await s.Trader("victim")).Deposits(1_000m);
        await (await s.Trader("bystander")).Deposits(500m);
        await s.Node.DisposeAsync();
        Assert.Equal(1, database.Execute(
            "UPDATE journal SET message = CAST(replace(CAST(message AS TEXT), '\"amount\":1000', '\"amount\":9000') AS BLOB) " +
            "WHERE persistence_id = 'account-victim' AND instr(CAST(message AS TEXT), '\"amount\":1000') > 0"));

        await s.Restart();

        // The untouched account recovers as before; the edited one answers nothing.
        Assert.Equal(500m, (await s.Balance(AccountId.From("bystander"))).FreeBalance);
        var edited = await Record.ExceptionAsync(() => s.Balance(AccountId.From("victim")));
        Assert.IsAssignableFrom<Akka.Actor.AskTimeoutException>(edited);
        await s.Node.DisposeAsync();
    }

    /// <summary>
    /// A review: a row without a link was recovered wherever it stood, so an insider who raised the
    /// newest deposit and took its link away (or appended a deposit without one) made it spendable.
    /// Only rows before a stream's first linked one (a journal begun before chains) may lack a link.
    /// </summary>
    [Fact]
    public async Task An_account_whose_newest_deposit_was_raised_and_stripped_of_its_link_does_not_recover_the_raised_balance()
    {
        using var database = TestDatabase.OnDisk();
        var s = await Scenario.StartAsync(database);
        var victim = await s.Trader("victim");
        await victim.Deposits(1_000m);
        await victim.Deposits(2_000m);
        await (await s.Trader("bystander")).Deposits(500m);
        await s.Node.DisposeAsync();
        Assert.Equal(1, database.Execute(
            "UPDATE journal SET message = CAST(replace(CAST(message AS TEXT), '\"amount\":2000', '\"amount\":9000') AS BLOB), " +
            "tags = substr(tags, 1, instr(tags, 'chain:') - 1) " +
            "WHERE persistence_id = 'account-victim' AND instr(CAST(message AS TEXT), '\"amount\":2000') > 0 AND instr(tags, 'chain:') > 0"));

        await s.Restart();

        Assert.Equal(500m, (await s.Balance(AccountId.From("bystander"))).FreeBalance);
        var edited = await Record.ExceptionAsync(() => s.Balance(AccountId.From("victim")));
        Assert.IsAssignableFrom<Akka.Actor.AskTimeoutException>(edited);
        await s.Node.DisposeAsync();
    }
}
