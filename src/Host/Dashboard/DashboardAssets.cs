using System.Reflection;
using System.Security.Cryptography;

namespace LeverageActors.Host.Dashboard;

/// <summary>
/// The dashboard's files, embedded in the Host assembly at build time (no copy beside the binary
/// to go missing, nothing fetched at run time), each with its content type and an ETag.
/// </summary>
public sealed class DashboardAssets
{
    private const string Prefix = "dashboard/";

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".png"] = "image/png",
    };

    private readonly Dictionary<string, Asset> _files = new(StringComparer.Ordinal);

    public DashboardAssets()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var bytes = copy.ToArray();
            var path = name[Prefix.Length..].Replace('\\', '/');
            _files[path] = new Asset(bytes, ContentTypes.GetValueOrDefault(Path.GetExtension(path), "application/octet-stream"),
                $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..16]}\"");
        }
    }

    public IReadOnlyCollection<string> Paths => _files.Keys;

    public Asset? Find(string path) => _files.GetValueOrDefault(path);

    public sealed record Asset(byte[] Content, string ContentType, string ETag);
}
