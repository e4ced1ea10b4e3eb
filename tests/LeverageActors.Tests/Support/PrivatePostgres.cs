using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace LeverageActors.Tests.Support;

/// <summary>
/// A PostgreSQL server of our own, started from the Debian package's binaries (<c>initdb</c> +
/// <c>pg_ctl</c>) on a temporary directory and a free port, listening on 127.0.0.1 only, trust
/// authentication, and removed when stopped. PostgreSQL refuses to run as root: as root, every
/// server command runs as the <c>postgres</c> system user the package creates, which owns the
/// directory. Used by the tests (one server per run) and by <c>bench --postgres</c>.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private const string Superuser = "postgres";

    private readonly string _bin;
    private readonly string _directory;
    private readonly bool _asPostgresUser;

    private PrivatePostgres(string bin, string directory, bool asPostgresUser, int port)
    {
        _bin = bin;
        _directory = directory;
        _asPostgresUser = asPostgresUser;
        Port = port;
    }

    public int Port { get; }

    public string DataDirectory => Path.Combine(_directory, "data");

    /// <summary>The server's version line, e.g. "PostgreSQL 15.18 (Debian 15.18-0+deb12u1) on x86_64...".</summary>
    public string Version { get; private set; } = "";

    /// <summary>A connection string to <paramref name="database"/> as the superuser.</summary>
    public string ConnectionString(string database = "postgres") =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = Superuser, Database = database }.ToString();

    /// <summary>
    /// Starts a new server. <paramref name="durable"/> off (tests) turns off fsync and synchronous
    /// commit: nothing a test checks depends on surviving a power loss, and a fresh database per
    /// test is then cheap. Benchmarks keep PostgreSQL's durable defaults.
    /// </summary>
    /// <exception cref="PostgresUnavailable">Why the server could not be started, in one paragraph.</exception>
    public static async Task<PrivatePostgres> StartAsync(bool durable)
    {
        var bin = FindBinaries();
        var asPostgresUser = Environment.UserName == "root";
        if (asPostgresUser && !UserExists(Superuser))
            throw new PostgresUnavailable("PostgreSQL refuses to run as root and there is no 'postgres' system user to run it as; " +
                                          "the Debian package 'postgresql' creates it (bash tests/run.sh installs the package).");

        var directory = asPostgresUser
            ? (await RunAsync(["runuser", "-u", Superuser, "--", "mktemp", "-d", Path.Combine(Path.GetTempPath(), "leverage-pg-XXXXXX")], "/")).Trim()
            : Directory.CreateTempSubdirectory("leverage-pg-").FullName;

        var dataDirectory = Path.Combine(directory, "data");
        try
        {
            await RunAsync(Command(asPostgresUser, Path.Combine(bin, "initdb"), "-D", dataDirectory, "-U", Superuser, "--auth=trust", "-E", "UTF8",
                "--no-locale", "--no-sync"), directory);
        }
        catch
        {
            Directory.Delete(directory, recursive: true);
            throw;
        }

        var failures = new List<string>();
        // A free port can be taken between finding it and the server binding it: try another.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var server = new PrivatePostgres(bin, directory, asPostgresUser, FreePort());
            try
            {
                var settings = $"-c listen_addresses=127.0.0.1 -p {server.Port} -c unix_socket_directories='' -c max_connections=200" +
                               (durable ? "" : " -c fsync=off -c synchronous_commit=off -c full_page_writes=off");
                await server.Pg("pg_ctl", "-D", server.DataDirectory, "-l", Path.Combine(directory, "server.log"), "-w", "-t", "120",
                    "-o", settings, "start");
                server.WatchParent();
                await using var connection = new NpgsqlConnection(server.ConnectionString());
                await connection.OpenAsync();
                await using var version = new NpgsqlCommand("SELECT version()", connection);
                server.Version = (string)(await version.ExecuteScalarAsync())!;
                return server;
            }
            catch (Exception e) when (e is PostgresUnavailable or NpgsqlException)
            {
                failures.Add(e.Message);
            }
        }

        var log = Path.Combine(directory, "server.log");
        var tail = File.Exists(log) ? string.Join(Environment.NewLine, File.ReadLines(log).TakeLast(10)) : "";
        Directory.Delete(directory, recursive: true);
        throw new PostgresUnavailable($"PostgreSQL did not start from {bin}: {string.Join(" / ", failures)}{Environment.NewLine}{tail}");
    }

    /// <summary>A new database on this server, empty or a copy of <paramref name="template"/>; its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name, string? template = null)
    {
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync();
        var copy = template is null ? "" : $" TEMPLATE \"{template}\"";
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"{copy}", connection);
        await create.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    /// <summary>Drops a database even while something is still connected to it.</summary>
    public async Task DropDatabaseAsync(string name)
    {
        NpgsqlConnection.ClearPool(new NpgsqlConnection(ConnectionString(name)));
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await Pg("pg_ctl", "-D", DataDirectory, "-m", "fast", "-w", "stop");
        }
        finally
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    /// <summary>
    /// Should this process die without stopping the server (killed by a test runner's timeout), a
    /// detached watcher stops it and removes its directory once the process is gone.
    /// </summary>
    private void WatchParent()
    {
        var stop = string.Join(' ', Command(_asPostgresUser, Path.Combine(_bin, "pg_ctl"), "-D", DataDirectory, "-m", "immediate", "stop").Select(Quote));
        var watcher = $"tail --pid={Environment.ProcessId} -f /dev/null; {stop}; rm -rf {Quote(_directory)}";
        var info = new ProcessStartInfo("sh") { UseShellExecute = false, WorkingDirectory = "/" };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add($"setsid sh -c {Quote(watcher)} </dev/null >/dev/null 2>&1 &");
        using var process = Process.Start(info)!;
        process.WaitForExit();
    }

    private Task<string> Pg(string program, params string[] args) =>
        RunAsync(Command(_asPostgresUser, Path.Combine(_bin, program), args), _directory);

    private static IEnumerable<string> Command(bool asPostgresUser, string program, params string[] args) =>
        asPostgresUser ? ["runuser", "-u", Superuser, "--", program, .. args] : [program, .. args];

    private static async Task<string> RunAsync(IEnumerable<string> command, string workingDirectory)
    {
        var parts = command.ToList();
        var info = new ProcessStartInfo(parts[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var arg in parts.Skip(1))
            info.ArgumentList.Add(arg);
        using var process = Process.Start(info) ?? throw new PostgresUnavailable($"could not run {parts[0]}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new PostgresUnavailable($"{string.Join(' ', parts)} exited with {process.ExitCode}: {(await stderr).Trim()} {(await stdout).Trim()}");
        return await stdout;
    }

    /// <summary>The newest server under the Debian layout, or initdb on PATH; LEVERAGE_POSTGRES_BIN names another directory.</summary>
    private static string FindBinaries()
    {
        if (Environment.GetEnvironmentVariable("LEVERAGE_POSTGRES_BIN") is { Length: > 0 } configured)
            return File.Exists(Path.Combine(configured, "initdb"))
                ? configured
                : throw new PostgresUnavailable($"LEVERAGE_POSTGRES_BIN={configured} holds no initdb.");

        var debian = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var major) ? major : 0)
                .FirstOrDefault()
            : null;
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
        return debian ?? onPath
            ?? throw new PostgresUnavailable("No PostgreSQL server binaries: initdb and pg_ctl are neither under /usr/lib/postgresql/*/bin " +
                                             "nor on PATH. Install the Debian package 'postgresql' (bash tests/run.sh does), or set LEVERAGE_POSTGRES_BIN.");
    }

    private static bool UserExists(string name) =>
        File.Exists("/etc/passwd") && File.ReadLines("/etc/passwd").Any(line => line.StartsWith(name + ":", StringComparison.Ordinal));

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''") + "'";
}

/// <summary>The private PostgreSQL server could not be started; the message says why.</summary>
public sealed class PostgresUnavailable(string message) : Exception(message);
