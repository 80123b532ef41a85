using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Nastavnik.Data;
using Nastavnik.Features.Organizations;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Tests;

public static class ApiTestHelpers
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>Creates an API token with the role at the given scope, as an administrator would, and a client that sends it.</summary>
    public static async Task<HttpClient> TokenClientAsync(TestApp app, Role role, Organization? organization = null, Municipality? municipality = null, Region? region = null)
    {
        var token = ApiTokenAuthentication.NewToken();
        await app.WithDbAsync(async db =>
        {
            db.ApiTokens.Add(new ApiToken
            {
                Name = "тест", Prefix = token[..8], TokenHash = ApiTokenAuthentication.Hash(token), Role = role, CreatedAt = app.Clock.GetUtcNow().UtcDateTime,
                OrganizationId = organization?.Id,
                MunicipalityId = organization?.MunicipalityId ?? municipality?.Id,
                RegionId = organization?.RegionId ?? municipality?.RegionId ?? region?.Id,
            });
            await db.SaveChangesAsync();
        });
        var client = app.NewClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
