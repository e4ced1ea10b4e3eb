using LeverageActors.Messages.Positions;

namespace LeverageActors.Host.Api.Endpoints;

/// <summary>What a position's view is valued at: the market's latest price and its pool's indexes now.</summary>
public sealed record ValuationMark(decimal Price, decimal BorrowIndex, decimal LongFundingIndex, decimal ShortFundingIndex)
{
    /// <summary>The side's funding index, or none in a market that has never accrued funding (its views stay as they were).</summary>
    public decimal? FundingIndexOf(PositionSide side) =>
        LongFundingIndex == 0 && ShortFundingIndex == 0 ? null : side == PositionSide.Long ? LongFundingIndex : ShortFundingIndex;
}
