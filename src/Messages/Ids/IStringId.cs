namespace LeverageActors.Messages.Ids;

/// <summary>A strongly typed id carried as a plain string in JSON and in persistence ids.</summary>
public interface IStringId<TSelf> where TSelf : IStringId<TSelf>
{
    string Value { get; }

    static abstract TSelf From(string value);
}
