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
}

/// <summary>One event as the journal holds it.</summary>
public sealed record StoredForm(string Manifest, byte[] Bytes);
