using System.Runtime.CompilerServices;

namespace LeverageActors.Messages.Serialization;

/// <summary>
/// The manifest and bytes an event was read from, kept beside the decoded event while it lives:
/// a recovering entity continues its hash chain from the bytes as stored, never from a
/// re-serialization that a later version of the event's record could write differently.
/// </summary>
public static class StoredForms
{
    private static readonly ConditionalWeakTable<object, StoredForm> Forms = new();

    public static void Remember(object evt, string manifest, byte[] bytes) =>
        Forms.AddOrUpdate(evt, new StoredForm(manifest, bytes));

    public static StoredForm? Of(object evt) => Forms.TryGetValue(evt, out var form) ? form : null;

    /// <summary>The event as read from its row, with the link its row carries (empty: a mangled one; null: none).</summary>
    public static void Read(object evt, string manifest, byte[] bytes, byte[]? link) =>
        Forms.AddOrUpdate(evt, new StoredForm(manifest, bytes) { Link = link });
}

/// <summary>One event as the journal holds it.</summary>
public sealed record StoredForm(string Manifest, byte[] Bytes)
{
    /// <summary>The hash-chain link its row carries, when it was read from a row: recovery checks it.</summary>
    public byte[]? Link { get; init; }
}
