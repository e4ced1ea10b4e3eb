using Akka.Actor;
using LeverageActors.Actors.Accounts;
using LeverageActors.Actors.Entities;
using LeverageActors.Actors.Markets;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;
using Xunit.Abstractions;

namespace LeverageActors.Tests.Entities;

/// <summary>
/// A reply goes where its handling says: on to the entity whose saga it moves, named through the
/// table of kinds, or back to the sender. The actor and the in-process exchange send it to the same place.
/// </summary>
public class ReplyRecipientSpecs(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit("akka.actor.provider = local", output)
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly MarketId Eth = MarketId.From("ETH-USD");
    private static readonly AccountId Alice = AccountId.From("alice");
    private static readonly PositionId Position = PositionId.From("p-1");
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(50);

    private static EntityStep Run(EntityStates states, object message) =>
        EntityKinds.AddresseeOf(message)!.Handle(states, message);

    private static EntityStates AccountWithFunds()
    {
        var states = new EntityStates(MarketCatalog.Default);
        Run(states, new OpenAccount(Alice, RequestId.From("open"), T0));
        Run(states, new DepositFunds(Alice, RequestId.From("deposit"), 1_000m, T0));
        return states;
    }

    [Fact]
    public void An_accounts_answer_to_a_transfer_names_the_position_it_moves_on()
    {
        var step = Run(AccountWithFunds(), new LockCollateral(Alice, TransferId.From("t-1"), Position, 100m, T0));

        Assert.Equal(new CollateralLockedReply(Position, TransferId.From("t-1")), step.Reply);
        Assert.Equal(EntityKinds.Position.At(Position), step.ReplyTo);
    }

    [Fact]
    public void A_pools_answers_to_sagas_name_the_position_the_account_and_the_oracle()
    {
        var states = new EntityStates(MarketCatalog.Default);

        Assert.Equal(EntityKinds.Oracle.At(Eth), Run(states, new HaltTrading(Eth, T0.AddMinutes(5), T0)).ReplyTo);
        Assert.Equal(EntityKinds.Position.At(Position), Run(states, new GetBorrowIndex(Eth, Position, T0)).ReplyTo);
        Assert.Equal(EntityKinds.Account.At(Alice), Run(states, new AddLiquidity(Eth, Alice, RequestId.From("lp"), 0m, 2_000m, T0)).ReplyTo);
    }

    [Fact]
    public void A_querys_answer_goes_to_the_sender()
    {
        var states = AccountWithFunds();

        Assert.All(
            new object[] { new GetAccountBalance(Alice), new GetPoolState(Eth, null, T0), new GetPosition(Position, null, null), new GetOraclePrice(Eth, T0) },
            query =>
            {
                var step = Run(states, query);
                Assert.NotNull(step.Reply);
                Assert.Equal(Recipient.Sender, step.ReplyTo);
            });
    }

    [Fact]
    public void A_trader_commands_answer_and_a_settlement_no_position_waits_on_go_to_the_sender()
    {
        var states = AccountWithFunds();
        var deposit = Run(states, new DepositFunds(Alice, RequestId.From("deposit-2"), 5m, T0));
        var settle = Run(states, new SettlePosition(Eth, Position, 1, 1m, 100m, 2_000m, false, T0));

        Assert.IsType<AccountCommandAccepted>(deposit.Reply);
        Assert.Equal(Recipient.Sender, deposit.ReplyTo);
        Assert.IsType<PoolCommandRejected>(settle.Reply);
        Assert.Equal(Recipient.Sender, settle.ReplyTo);
    }

    [Fact]
    public void An_address_refuses_a_message_that_names_another_entity()
    {
        var reply = new CollateralLockedReply(Position, TransferId.From("t-1"));

        Assert.Same(reply, EntityKinds.Position.At(Position).Carrying(reply));
        Assert.Throws<ArgumentException>(() => EntityKinds.Position.At(PositionId.From("p-2")).Carrying(reply));
        Assert.Throws<ArgumentException>(() => EntityKinds.Account.At(Alice).Carrying(reply));
    }

    [Fact]
    public void The_actor_sends_each_reply_where_the_exchange_does()
    {
        var regions = EntityKinds.All.Select(_ => CreateTestProbe()).ToList();
        var router = new EntityRouter([.. regions.Select(p => p.Ref)]);
        var account = Sys.ActorOf(Props.Create(() => new AccountActor(Alice, router)));
        var states = new EntityStates(MarketCatalog.Default);
        object[] messages =
        [
            new OpenAccount(Alice, RequestId.From("open"), T0),
            new DepositFunds(Alice, RequestId.From("deposit"), 1_000m, T0),
            new LockCollateral(Alice, TransferId.From("t-1"), Position, 100m, T0),
            new GetAccountBalance(Alice),
            new LockCollateral(Alice, TransferId.From("t-2"), Position, 5_000m, T0),
            new CommitCollateral(Alice, TransferId.From("t-1"), Position, T0),
        ];

        foreach (var message in messages)
        {
            var step = EntityKinds.Account.Handle(states, message);
            account.Tell(message, TestActor);

            var received = step.ReplyTo is EntityAddress entity ? regions[entity.Kind.Index].ExpectMsg<object>() : ExpectMsg<object>();
            Assert.Equal(step.Reply, received);
            ExpectNoMsg(Quiet);
            foreach (var region in regions)
                region.ExpectNoMsg(Quiet);
        }
    }
}
