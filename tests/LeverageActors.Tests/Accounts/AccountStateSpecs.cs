using LeverageActors.Actors.Accounts;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Serialization;

namespace LeverageActors.Tests.Accounts;

public class AccountStateSpecs
{
    private static readonly AccountId Alice = AccountId.From("alice");
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static AccountState Run(AccountState state, object command)
    {
        var handling = state.Handle(command);
        Assert.NotEmpty(handling.Events);
        return handling.Events.Aggregate(state, (s, e) => s.Apply(e));
    }

    private static AccountState Opened() =>
        Run(AccountState.Initial(Alice), new OpenAccount(Alice, RequestId.From("open"), T0));

    private static Rejection RejectionOf(AccountState state, object command)
    {
        var handling = state.Handle(command);
        Assert.Empty(handling.Events);
        return Assert.IsType<AccountCommandRejected>(handling.Reply!(state)).Reason;
    }

    private static bool IsAnsweredAsAlreadyApplied(AccountState state, object command)
    {
        var handling = state.Handle(command);
        return handling.Events.Count == 0 && handling.Reply?.Invoke(state) is AccountCommandAccepted { AlreadyApplied: true };
    }

    [Fact]
    public void Deposits_and_withdrawals_change_the_free_balance_exactly()
    {
        var state = Opened();
        state = Run(state, new DepositFunds(Alice, RequestId.From("d1"), 100.123456m, T0));
        state = Run(state, new WithdrawFunds(Alice, RequestId.From("w1"), 0.000001m, T0));

        Assert.Equal(100.123455m, state.FreeBalance);
    }

    [Fact]
    public void A_repeated_request_is_recognised_and_not_applied_twice()
    {
        var state = Run(Opened(), new DepositFunds(Alice, RequestId.From("d1"), 50m, T0));

        Assert.True(IsAnsweredAsAlreadyApplied(state, new DepositFunds(Alice, RequestId.From("d1"), 50m, T0)));
        Assert.Equal(50m, state.FreeBalance);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("0.0000001")]
    [InlineData("1000000000000.000001")]
    public void Amounts_that_are_not_positive_exact_and_bounded_are_rejected(string amount)
    {
        var value = decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture);

        var deposit = RejectionOf(Opened(), new DepositFunds(Alice, RequestId.From("d"), value, T0));
        var withdrawal = RejectionOf(Opened(), new WithdrawFunds(Alice, RequestId.From("w"), value, T0));

        Assert.Equal(RejectionCodes.InvalidAmount, deposit.Code);
        Assert.Equal(RejectionCodes.InvalidAmount, withdrawal.Code);
    }

    [Fact]
    public void A_withdrawal_above_the_balance_is_rejected_with_the_balance_in_the_reason()
    {
        var state = Run(Opened(), new DepositFunds(Alice, RequestId.From("d1"), 10m, T0));

        var reason = RejectionOf(state, new WithdrawFunds(Alice, RequestId.From("w1"), 10.000001m, T0));

        Assert.Equal(RejectionCodes.InsufficientBalance, reason.Code);
        Assert.Contains("10", reason.Message);
    }

    [Fact]
    public void An_account_that_was_never_opened_refuses_money()
    {
        var reason = RejectionOf(AccountState.Initial(Alice), new DepositFunds(Alice, RequestId.From("d1"), 1m, T0));

        Assert.Equal(RejectionCodes.AccountNotFound, reason.Code);
    }

    [Fact]
    public void Opening_twice_with_another_request_is_rejected_but_a_retry_of_the_same_open_is_not()
    {
        var state = Opened();

        Assert.Equal(RejectionCodes.AccountAlreadyExists,
            RejectionOf(state, new OpenAccount(Alice, RequestId.From("open-again"), T0)).Code);
        Assert.True(IsAnsweredAsAlreadyApplied(state, new OpenAccount(Alice, RequestId.From("open"), T0)));
    }

    /// <summary>
    /// Replay is a fold of what the journal stores: each event goes through the serializer's bytes
    /// and back, and the state it rebuilds is the one the commands' amounts say, to the last place:
    /// 7.5 deposited − 2.25 withdrawn = 5.25 free, three requests applied.
    /// </summary>
    [Fact]
    public void Replaying_the_journal_reproduces_the_state()
    {
        var commands = new IAccountCommand[]
        {
            new OpenAccount(Alice, RequestId.From("o"), T0),
            new DepositFunds(Alice, RequestId.From("d1"), 7.5m, T0),
            new WithdrawFunds(Alice, RequestId.From("w1"), 2.25m, T0.AddMinutes(1)),
        };
        var journal = new List<(string Manifest, byte[] Bytes)>();
        var live = AccountState.Initial(Alice);
        foreach (var command in commands)
        {
            var handling = live.Handle(command);
            journal.AddRange(handling.Events.Select(e => (MessageManifests.ByType[e.GetType()],
                System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(e, e.GetType(), LeverageJson.Options))));
            live = handling.Events.Aggregate(live, (s, e) => s.Apply(e));
        }

        var replayed = journal.Select(row => (LeverageActors.Messages.ILeverageEvent)LeverageSerializer.Decode(row.Bytes, row.Manifest))
            .Aggregate(AccountState.Initial(Alice), (s, e) => s.Apply(e));

        foreach (var state in new[] { live, replayed })
        {
            Assert.True(state.IsOpen);
            Assert.Equal((5.25m, 7.5m, 2.25m), (state.FreeBalance, state.TotalDeposited, state.TotalWithdrawn));
            Assert.Equal(["d1", "o", "w1"], state.AppliedRequests.Select(r => r.Value).Order(StringComparer.Ordinal));
        }

        // Replayed, a retry is still recognised and moves nothing.
        Assert.True(IsAnsweredAsAlreadyApplied(replayed, new WithdrawFunds(Alice, RequestId.From("w1"), 2.25m, T0.AddMinutes(2))));
    }

    /// <summary>
    /// A request id is bound to its terms: replayed from the journal (what a restarted node or
    /// another node rebuilds), the same id with another amount is refused and moves nothing; the
    /// same amount spelled 7.50 is the same request.
    /// </summary>
    [Fact]
    public void A_request_id_recorded_with_other_terms_is_refused_after_replay()
    {
        var live = Run(Opened(), new DepositFunds(Alice, RequestId.From("d1"), 7.5m, T0));
        live = Run(live, new ProvideLiquidity(Alice, RequestId.From("lp1"), MarketId.From("ETH-USD"), 5m, 2_000m, T0));
        var replayed = new LeverageActors.Messages.ILeverageEvent[]
            {
                new AccountOpened(Alice, RequestId.From("open"), T0),
                new FundsDeposited(Alice, RequestId.From("d1"), 7.5m, T0),
                new PoolDepositStarted(Alice, RequestId.From("lp1"), MarketId.From("ETH-USD"), 5m, 2_000m, T0),
            }
            .Aggregate(AccountState.Initial(Alice), (s, e) => s.Apply(e));

        foreach (var state in new[] { live, replayed })
        {
            Assert.Equal(RejectionCodes.IdempotencyKeyReused,
                RejectionOf(state, new DepositFunds(Alice, RequestId.From("d1"), 8m, T0.AddHours(1))).Code);
            Assert.Equal(RejectionCodes.IdempotencyKeyReused,
                RejectionOf(state, new WithdrawFunds(Alice, RequestId.From("d1"), 7.5m, T0.AddHours(1))).Code);
            Assert.Equal(RejectionCodes.IdempotencyKeyReused,
                RejectionOf(state, new ProvideLiquidity(Alice, RequestId.From("lp1"), MarketId.From("BTC-USD"), 5m, 60_000m, T0)).Code);
            Assert.True(IsAnsweredAsAlreadyApplied(state, new DepositFunds(Alice, RequestId.From("d1"), 7.50m, T0.AddHours(1))));
            Assert.Equal(2.5m, state.FreeBalance); // 7.5 in, 5 on its way to the pool
        }
    }
}
