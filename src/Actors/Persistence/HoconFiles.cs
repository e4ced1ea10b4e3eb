using Akka.Configuration;

namespace LeverageActors.Actors.Persistence;

/// <summary>The HOCON files shipped beside the binaries in <c>hocon/</c>.</summary>
public static class HoconFiles
{
    public const string Base = "base.conf";
    public const string Sqlite = "persistence.sqlite.conf";
    public const string Postgres = "persistence.postgres.conf";

    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "hocon", name);

    public static Config Load(string name)
    {
        var path = PathOf(name);
        if (!File.Exists(path))
            throw new FileNotFoundException($"The HOCON file {name} is missing beside the binaries", path);
        return ConfigurationFactory.ParseString(File.ReadAllText(path));
    }
}
