namespace LeverageActors.Messages.Pools;

/// <summary>
/// How a settling position's collateral divides, every amount rounded in the protocol's favour:
/// <c>Collateral</c> = <c>Payout</c> + <c>LiquidatorReward</c> + <c>ProtocolFee</c> + <c>ToInsurance</c>
/// + <c>ToPool</c> exactly (<c>ToPool</c> is negative when the pool pays a profit). Collected in order:
/// interest, closing fee, liquidation penalty. <c>Shortfall</c> is the loss the collateral could not
/// cover, including the interest it owed and could not pay (<c>UnpaidInterest</c>, part of the
/// shortfall); the insurance fund pays the pool <c>InsuranceCover</c> of it and the rest,
/// <c>BadDebt</c>, is borne by the liquidity providers. An underwater position pays no closing fee
/// and no penalty: there is nothing left to take them from.
/// </summary>
public sealed record Settlement(
    decimal Collateral,
    decimal Pnl,
    decimal Interest,
    decimal CloseFee,
    decimal Penalty,
    decimal LiquidatorReward,
    decimal Payout,
    decimal ToPool,
    decimal ProtocolFee,
    decimal ToInsurance,
    decimal Shortfall,
    decimal InsuranceCover,
    decimal BadDebt,
    decimal UnpaidInterest = 0)
{
    /// <summary>
    /// Price impact settled (<c>PriceImpact</c>): positive, taken from the trader into the pool's
    /// impact pool after the penalty (never more than is left); negative, a rebate from the impact
    /// pool added to what the trader has. Collateral − Impact is what the other amounts divide. Left out when 0.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public decimal Impact { get; init; }

    /// <summary>
    /// Funding between sides settled: positive, paid by the trader to the pool (collected after the
    /// interest, before the closing fee, never more than is left); negative, received from the
    /// pool and added to what the trader has. Left out when 0.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public decimal Funding { get; init; }

    /// <summary>Funding owed that the collateral could not pay: part of <c>Shortfall</c>. Left out when 0.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public decimal UnpaidFunding { get; init; }
}
