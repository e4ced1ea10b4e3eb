namespace LeverageActors.Actors.Integrity;

/// <summary>A recovering entity read a row its hash chain does not continue to: the journal was changed there.</summary>
public sealed class JournalChainBroken(string persistenceId, long sequenceNr, string found)
    : Exception($"{persistenceId} event #{sequenceNr}: {found}; the journal was changed there (run audit), and the entity does not recover from it");
