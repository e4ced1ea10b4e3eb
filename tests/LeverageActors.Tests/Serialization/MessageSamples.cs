using System.Collections;
using System.Collections.Immutable;
using System.Reflection;

namespace LeverageActors.Tests.Serialization;

/// <summary>
/// Builds an instance of any message type with every member set to a non-default value, so a
/// round trip proves each member survives serialization.
/// </summary>
public static class MessageSamples
{
    private static readonly DateTimeOffset Time = new(2026, 3, 4, 5, 6, 7, 890, TimeSpan.Zero);

    public static object Create(Type type, int depth = 0)
    {
        if (depth > 6)
            throw new InvalidOperationException($"Sample of {type} nests too deeply");

        if (Nullable.GetUnderlyingType(type) is { } inner)
            return Create(inner, depth + 1);
        if (type == typeof(string)) return "sample";
        if (type == typeof(decimal)) return 1234.567891m;
        if (type == typeof(int)) return 42;
        if (type == typeof(long)) return 42L;
        if (type == typeof(bool)) return true;
        if (type == typeof(DateTimeOffset)) return Time;
        if (type == typeof(TimeSpan)) return TimeSpan.FromSeconds(90);
        if (type == typeof(Guid)) return new Guid("0b5a3c1e-7d4f-4b8a-9c2e-1f0a6b7c8d9e");
        if (type.IsEnum) return Enum.GetValues(type).Cast<object>().Last();
        if (type.GetMethod("From", BindingFlags.Public | BindingFlags.Static, [typeof(string)]) is { } from)
            return from.Invoke(null, ["sample-id"])!;
        if (type.IsArray)
            return ArrayOf(type.GetElementType()!, depth);
        if (type.IsGenericType && IsListLike(type.GetGenericTypeDefinition()))
            return ListOf(type, depth);
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>))
            return DictionaryOf(type, depth);

        var constructor = type.GetConstructors()
            .OrderByDescending(c => c.GetParameters().Length)
            .FirstOrDefault() ?? throw new InvalidOperationException($"{type} has no public constructor");
        var arguments = constructor.GetParameters().Select(p => Create(p.ParameterType, depth + 1)).ToArray();
        return constructor.Invoke(arguments);
    }

    private static bool IsListLike(Type definition) =>
        definition == typeof(IReadOnlyList<>) || definition == typeof(ImmutableList<>)
        || definition == typeof(ImmutableArray<>) || definition == typeof(List<>);

    private static object DictionaryOf(Type type, int depth)
    {
        var arguments = type.GetGenericArguments();
        var dictionary = (IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(arguments))!;
        dictionary.Add(Create(arguments[0], depth + 1), Create(arguments[1], depth + 1));
        return dictionary;
    }

    private static Array ArrayOf(Type element, int depth)
    {
        var array = Array.CreateInstance(element, 1);
        array.SetValue(Create(element, depth + 1), 0);
        return array;
    }

    private static object ListOf(Type type, int depth)
    {
        var element = type.GetGenericArguments()[0];
        var items = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(element))!;
        items.Add(Create(element, depth + 1));
        var definition = type.GetGenericTypeDefinition();
        if (definition == typeof(ImmutableList<>))
            return typeof(ImmutableList).GetMethods().First(m => m.Name == "CreateRange").MakeGenericMethod(element).Invoke(null, [items])!;
        if (definition == typeof(ImmutableArray<>))
            return typeof(ImmutableArray).GetMethods().First(m => m.Name == "CreateRange" && m.GetParameters().Length == 1).MakeGenericMethod(element).Invoke(null, [items])!;
        return items;
    }
}
