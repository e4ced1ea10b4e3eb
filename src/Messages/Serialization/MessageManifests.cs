using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Assets;
using LeverageActors.Messages.Membership;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Journal;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;
using LeverageActors.Messages.Risk;

namespace LeverageActors.Messages.Serialization;

/// <summary>
/// The frozen table of manifests. A manifest is written into every journal row, so once a type
/// has been persisted its manifest never changes and is never given to another type; a retired
/// type keeps its line (or its manifest stays listed in <see cref="Retired"/>).
/// </summary>
public static class MessageManifests
{
    private static readonly (Type Type, string Manifest)[] Table =
    [
        // common
        (typeof(Rejection), "rj"),
        (typeof(StopEntity), "stop"),
        (typeof(RequestRecorded), "rr"),

        // accounts: commands, queries, replies
        (typeof(OpenAccount), "ao"),
        (typeof(DepositFunds), "ad"),
        (typeof(WithdrawFunds), "aw"),
        (typeof(GetAccountBalance), "ab"),
        (typeof(AccountBalanceResponse), "abr"),
        (typeof(AccountCommandAccepted), "aca"),
        (typeof(AccountCommandRejected), "acr"),
        (typeof(VerifyApiKey), "akv"),
        (typeof(ApiKeyVerified), "akr"),
        (typeof(GetAccountPositions), "apg"),
        (typeof(AccountPositions), "apr"),
        (typeof(GetRequestRecorded), "arg"),
        (typeof(AddApiKey), "aka"),
        (typeof(RevokeApiKey), "akx"),
        (typeof(RevokeOtherApiKeys), "ako"),
        (typeof(GrantFirstApiKey), "akf"),
        (typeof(GetApiKeys), "akg"),
        (typeof(ApiKeysResponse), "akl"),
        (typeof(ApiKeysRevokedNotice), "akn"),

        // accounts: events
        (typeof(AccountOpened), "AO"),
        (typeof(FundsDeposited), "AD"),
        (typeof(FundsWithdrawn), "AW"),
        (typeof(ApiKeyAdded), "AKA"),
        (typeof(ApiKeysRevoked), "AKX"),

        // accounts: transfers with positions
        (typeof(LockCollateral), "alc"),
        (typeof(CommitCollateral), "acc"),
        (typeof(ReleaseCollateral), "arc"),
        (typeof(CreditFromPosition), "acp"),
        (typeof(CollateralLockedReply), "alr"),
        (typeof(CollateralLockRefused), "alf"),
        (typeof(TransferAcknowledged), "ata"),
        (typeof(CollateralLocked), "ALC"),
        (typeof(CollateralCommitted), "ACC"),
        (typeof(CollateralReleased), "ARC"),
        (typeof(PositionCredited), "ACP"),

        // accounts: liquidity provision
        (typeof(ProvideLiquidity), "apl"),
        (typeof(WithdrawLiquidity), "awl"),
        (typeof(LiquidityRequestCompleted), "alq"),
        (typeof(PoolDepositStarted), "APS"),
        (typeof(PoolDepositCompleted), "APC"),
        (typeof(PoolDepositRefunded), "APR"),
        (typeof(PoolWithdrawalStarted), "AWS"),
        (typeof(PoolWithdrawalCompleted), "AWC"),
        (typeof(PoolWithdrawalFailed), "AWF"),

        // accounts: funds held for a request waiting for its next price (memory only, never journaled)
        (typeof(HoldForExecution), "aeh"),
        (typeof(ExecutionHeld), "aek"),
        (typeof(ReleaseExecutionHold), "aer"),

        // accounts: cross margin (the account is its cross positions' margin authority)
        (typeof(AdmitCrossPosition), "axa"),
        (typeof(ConfirmCrossPosition), "axc"),
        (typeof(DrawCrossMargin), "axd"),
        (typeof(SettleCrossPosition), "axs"),
        (typeof(GetCrossMargin), "axg"),
        (typeof(CrossMarginResponse), "axr"),
        (typeof(CrossPositionAdmitted), "AXA"),
        (typeof(CrossPositionConfirmed), "AXC"),
        (typeof(CrossMarginDrawn), "AXD"),
        (typeof(CrossPositionSettled), "AXS"),

        // accounts: the cross-account watcher's questions
        (typeof(CheckCrossAccount), "awc"),
        (typeof(CrossAccountChecked), "awk"),
        (typeof(GetCrossExposure), "awx"),
        (typeof(CrossExposureResponse), "awr"),

        // account liquidation: the account's orders to its cross positions and to the pools
        (typeof(LiquidateCrossPosition), "xcl"),
        (typeof(CrossLiquidationAnswer), "xca"),
        (typeof(CoverAccountShortfall), "pcs"),
        (typeof(AccountShortfallCovered), "pcsr"),
        (typeof(CrossLiquidationStarted), "XCS"),
        (typeof(CrossPositionLiquidated), "XCL"),
        (typeof(AccountShortfallPaid), "PSC"),

        // account liquidation: its steps, and the liquidator account's side of a collateral sale
        (typeof(AccountLiquidationStarted), "AQS"),
        (typeof(CrossPositionLiquidationOrdered), "AQP"),
        (typeof(CrossPositionLiquidationRefused), "AQR"),
        (typeof(CollateralSaleOrdered), "AQO"),
        (typeof(CollateralSold), "AQD"),
        (typeof(CollateralSaleDeclined), "AQN"),
        (typeof(AccountShortfallOrdered), "AQF"),
        (typeof(AccountShortfallReceived), "AQC"),
        (typeof(AccountLiquidationEnded), "AQE"),
        (typeof(LiquidatedCollateralBought), "AQB"),
        (typeof(LiquidatedCollateralDeclined), "AQX"),
        (typeof(BuyLiquidatedCollateral), "aqb"),
        (typeof(LiquidatedCollateralAnswer), "aqa"),

        // accounts: collateral assets, and the deposit ledger of each asset
        (typeof(DepositAsset), "ada"),
        (typeof(WithdrawAsset), "awa"),
        (typeof(AssetDepositStarted), "ADS"),
        (typeof(AssetDeposited), "ADA"),
        (typeof(AssetDepositRefused), "ADR"),
        (typeof(AssetWithdrawn), "AWA"),
        (typeof(AssetWithdrawalSettled), "AWT"),
        (typeof(AdmitAssetDeposit), "sad"),
        (typeof(ReleaseAssetDeposit), "srd"),
        (typeof(GetAssetLedger), "sg"),
        (typeof(AssetLedgerView), "sgr"),
        (typeof(AssetDepositAnswered), "sda"),
        (typeof(AssetReleaseAcknowledged), "sra"),
        (typeof(AssetDepositAdmitted), "SDA"),
        (typeof(AssetDepositReleased), "SDR"),
        (typeof(AssetDepositDeclined), "SDD"),

        // pools: commands, queries, replies
        (typeof(AddLiquidity), "pa"),
        (typeof(RemoveLiquidity), "pr"),
        (typeof(ReserveLiquidity), "prv"),
        (typeof(CancelReservation), "pcr"),
        (typeof(SettlePosition), "pst"),
        (typeof(GetBorrowIndex), "pgi"),
        (typeof(AdjustReservedCollateral), "pac"),
        (typeof(CollateralAdjustmentAcknowledged), "pca"),
        (typeof(GetPoolState), "pgs"),
        (typeof(LiquidityAddedReply), "par"),
        (typeof(LiquidityRemovedReply), "prr"),
        (typeof(LiquidityRequestRejected), "plj"),
        (typeof(LiquidityReservedReply), "pvr"),
        (typeof(ReservationRejected), "pvj"),
        (typeof(ReservationCancelledReply), "pcx"),
        (typeof(PositionSettledReply), "psr"),
        (typeof(BorrowIndexReply), "pir"),
        (typeof(PoolCommandRejected), "pj"),
        (typeof(PoolStateResponse), "psp"),

        // pools: events
        (typeof(PoolOpened), "PO"),
        (typeof(LiquidityAdded), "PA"),
        (typeof(LiquidityRemoved), "PR"),
        (typeof(LiquidityRequestRefused), "PRF"),
        (typeof(LiquidityReserved), "PV"),
        (typeof(ReservationCancelled), "PC"),
        (typeof(PositionSettled), "PS"),
        (typeof(ReservedCollateralAdjusted), "PAC"),
        (typeof(HaltTrading), "ph"),
        (typeof(TradingHalted), "PH"),
        (typeof(TradingHaltAcknowledged), "pha"),
        (typeof(NoteBreach), "pnb"),
        (typeof(CheckLiquidityRequest), "pcl"),
        (typeof(LiquidityRequestChecked), "pclr"),
        (typeof(BreachNoteAcknowledged), "pba"),
        (typeof(BreachNoted), "PNB"),
        (typeof(SettlementsRecorded), "psa"),
        (typeof(SettlementsForgotten), "PSF"),

        // positions: commands, queries, replies
        (typeof(OpenPosition), "xo"),
        (typeof(AddCollateral), "xac"),
        (typeof(RemoveCollateral), "xrc"),
        (typeof(DecreasePosition), "xd"),
        (typeof(ClosePosition), "xc"),
        (typeof(GetPosition), "xg"),
        (typeof(GetPositionRequestRecorded), "xrg"),
        (typeof(PositionView), "xv"),
        (typeof(PositionCommandAccepted), "xa"),
        (typeof(PositionCommandRejected), "xj"),

        // positions: events
        (typeof(PositionOpenRequested), "XOR"),
        (typeof(OpenCollateralLocked), "XOL"),
        (typeof(SettlementMarginDrawn), "XSD"),
        (typeof(PositionOpened), "XO"),
        (typeof(PositionOpenFailed), "XOF"),
        (typeof(PositionTransferAcknowledged), "XTA"),
        (typeof(ReservationCancellationAcknowledged), "XRA"),
        (typeof(PoolCollateralAcknowledged), "XPA"),
        (typeof(PoolBreachNoteAcknowledged), "XPB"),
        (typeof(CollateralIncreaseRequested), "XIR"),
        (typeof(CollateralIncreased), "XI"),
        (typeof(CollateralIncreaseFailed), "XIF"),
        (typeof(CollateralDecreaseRequested), "XDR"),
        (typeof(CollateralDecreased), "XD"),
        (typeof(CollateralDecreaseRefused), "XDF"),
        (typeof(PositionSettlementRequested), "XSR"),
        (typeof(PositionSettlementCompleted), "XS"),

        // positions: margin and liquidation
        (typeof(CheckMargin), "xcm"),
        (typeof(Liquidate), "xl"),
        (typeof(BreachNotice), "xbn"),
        (typeof(LiquidationAnswer), "xla"),
        (typeof(PositionActivity), "xpa"),
        (typeof(AccountLiquidationActivity), "xala"),
        (typeof(PositionBreached), "XB"),
        (typeof(BreachCleared), "XBC"),
        (typeof(LiquidationStarted), "XLS"),
        (typeof(PositionLiquidated), "XL"),
        (typeof(PositionAtRisk), "XAR"),
        (typeof(PositionRiskCleared), "XARC"),
        (typeof(EarlyDeleverageStarted), "XED"),

        // positions: auto-deleveraging
        (typeof(AutoDeleverage), "xad"),
        (typeof(AutoDeleverageAnswer), "xada"),
        (typeof(AutoDeleverageStarted), "XAD"),

        // positions: trigger orders (stop-loss, take-profit)
        (typeof(PlaceTrigger), "xtp"),
        (typeof(CancelTrigger), "xtc"),
        (typeof(ExecuteTrigger), "xte"),
        (typeof(TriggerPlaced), "XTP"),
        (typeof(TriggerCancelled), "XTC"),
        (typeof(TriggerExecuted), "XTE"),

        // oracles
        (typeof(ReportPrice), "or"),
        (typeof(GetOraclePrice), "og"),
        (typeof(OraclePriceResponse), "ogr"),
        (typeof(PriceUpdated), "opu"),
        (typeof(ReportAnswered), "ora"),
        (typeof(AwaitNextPrice), "onw"),
        (typeof(NextPrice), "onp"),
        (typeof(NextPriceMissed), "onm"),
        (typeof(GetNextPriceQueue), "onq"),
        (typeof(NextPriceQueue), "onqr"),
        (typeof(OracleOpened), "OO"),
        (typeof(PriceReported), "OR"),
        (typeof(PriceAccepted), "OA"),
        (typeof(CircuitBreakerTripped), "OBT"),
        (typeof(CircuitBreakerReset), "OBR"),
        (typeof(HaltDelivered), "OHD"),
        (typeof(VolatilityUpdated), "OV"),
        (typeof(MarginRequirementChanged), "OM"),
        (typeof(OracleCheckpointed), "OCK"),
        (typeof(RiskModelsChanged), "ORM"),
        (typeof(OracleSnapshot), "OSN"),

        // risk index and liquidators
        (typeof(GetRiskIndexStatus), "rs"),
        (typeof(RiskIndexStatus), "rsr"),
        (typeof(GetLiquidatorStatus), "ls"),
        (typeof(LiquidatorStatus), "lsr"),
        (typeof(GetDeleveragerStatus), "dls"),
        (typeof(DeleveragerStatus), "dlsr"),
        (typeof(LiquidatorOffsetCommitted), "LO"),
        (typeof(GetCrossWatchStatus), "xws"),
        (typeof(CrossWatchStatus), "xwsr"),
        (typeof(GetSagaWatchdogStatus), "sws"),
        (typeof(SagaWatchdogStatus), "swsr"),

        // cluster membership: which journal a cluster writes to
        (typeof(GetJournalId), "jg"),
        (typeof(JournalIdResponse), "jgr"),
        (typeof(GetSharedSettings), "jgs"),
        (typeof(SharedSettingsResponse), "jgsr"),

        // the journal's digests (tamper evidence)
        (typeof(JournalDigestTaken), "JD"),
        (typeof(TakeJournalDigest), "jdt"),

        // dashboard: the risk profile of a market
        (typeof(GetRiskProfile), "rp"),
        (typeof(RiskProfile), "rpr"),
    ];

    /// <summary>Manifests once used and since retired: never to be reused.</summary>
    public static readonly IReadOnlySet<string> Retired = new HashSet<string>();

    public static readonly IReadOnlyDictionary<Type, string> ByType = Table.ToDictionary(e => e.Type, e => e.Manifest);

    public static readonly IReadOnlyDictionary<string, Type> ByManifest = Table.ToDictionary(e => e.Manifest, e => e.Type);
}
