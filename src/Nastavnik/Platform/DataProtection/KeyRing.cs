using System.Security.Cryptography;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.Options;
using Nastavnik.Data;

namespace Nastavnik.Platform.DataProtection;

/// <summary>
/// Keeps the Data Protection key ring in the application database (so a restart, or a second instance,
/// keeps cookies and form tokens valid), encrypted with AES-GCM under a master key that never enters the
/// database: "DataProtection:MasterKey" (base64, 32 bytes) or, when absent, a key file created beside the
/// SQLite database with owner-only permissions. The EF key-store package is not served here.
/// </summary>
internal sealed class KeyRingSetup(IServiceScopeFactory scopes, IConfiguration config, DatabaseOptions db) : IConfigureOptions<KeyManagementOptions>
{
    public void Configure(KeyManagementOptions options)
    {
        options.XmlRepository = new DbXmlRepository(scopes);
        options.XmlEncryptor = new AesGcmXmlEncryptor(MasterKey.Load(config, db));
    }
}

internal static class MasterKey
{
    public static byte[] Load(IConfiguration config, DatabaseOptions db)
    {
        if (config["DataProtection:MasterKey"] is { Length: > 0 } configured)
        {
            var key = Convert.FromBase64String(configured);
            if (key.Length != 32) throw new InvalidOperationException("DataProtection:MasterKey должен содержать 32 байта в base64.");
            return key;
        }
        var path = config["DataProtection:MasterKeyFile"] is { Length: > 0 } f ? f : Path.Combine(Path.GetDirectoryName(db.SqlitePath)!, "dataprotection.key");
        if (File.Exists(path)) return Convert.FromBase64String(File.ReadAllText(path).Trim());
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var fresh = RandomNumberGenerator.GetBytes(32);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            using var w = new StreamWriter(path, options);
            w.Write(Convert.ToBase64String(fresh));
            return fresh;
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first: use theirs.
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }
    }
}

internal sealed class DbXmlRepository(IServiceScopeFactory scopes) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return db.DataProtectionKeys.AsEnumerable().Select(k => XElement.Parse(k.Xml)).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.DataProtectionKeys.Add(new DataProtectionKey { FriendlyName = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
        db.SaveChanges();
    }
}

internal sealed class AesGcmXmlEncryptor(byte[] key) : IXmlEncryptor
{
    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var plain = System.Text.Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var cipher = new byte[plain.Length];
        var tag = new byte[AesGcm.TagByteSizes.MaxSize];
        using (var aes = new AesGcm(key, tag.Length)) aes.Encrypt(nonce, plain, cipher, tag);
        var element = new XElement("encryptedKey",
            new XComment(" Зашифровано AES-256-GCM мастер-ключом приложения "),
            new XElement("nonce", Convert.ToBase64String(nonce)),
            new XElement("tag", Convert.ToBase64String(tag)),
            new XElement("value", Convert.ToBase64String(cipher)));
        return new EncryptedXmlInfo(element, typeof(AesGcmXmlDecryptor));
    }
}

/// <summary>Created by the Data Protection system through its (IServiceProvider) constructor.</summary>
internal sealed class AesGcmXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var key = MasterKey.Load(services.GetRequiredService<IConfiguration>(), services.GetRequiredService<DatabaseOptions>());
        var nonce = Convert.FromBase64String(encryptedElement.Element("nonce")!.Value);
        var tag = Convert.FromBase64String(encryptedElement.Element("tag")!.Value);
        var cipher = Convert.FromBase64String(encryptedElement.Element("value")!.Value);
        var plain = new byte[cipher.Length];
        using (var aes = new AesGcm(key, tag.Length)) aes.Decrypt(nonce, cipher, tag, plain);
        return XElement.Parse(System.Text.Encoding.UTF8.GetString(plain));
    }
}
