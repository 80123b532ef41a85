using System.Net;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nastavnik.Features.Consents;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Tests.People;

/// <summary>The destruction records the purge job writes are listed for the school and its coordinators and print as an act.</summary>
public sealed class DestructionActsTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task AfterPurge_RecordListed_ActPrinted_OtherMunicipalitySeesNothing()
    {
        var org = await app.CreateOrganizationAsync();
        var person = await app.CreatePersonAsync(org, "Уничтожаемова");
        var curator = await app.LoginAsAsync(Role.Curator, organization: org);
        Assert.Contains("Уничтожений пока не было", await curator.GetHtmlAsync("/people/destructions"));
        var consentId = await app.WithDbAsync(db => db.Consents.Where(c => c.PersonId == person.Id).Select(c => c.Id).SingleAsync());
        var r = await curator.PostFormAsync($"/people/card/{person.Id}?handler=Withdraw", new() { ["consentId"] = consentId.ToString(), ["reason"] = "заявление от 23.11.2026" },
            formPage: $"/people/card/{person.Id}");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        app.Clock.Advance(TimeSpan.FromDays(31));
        await app.Services.GetRequiredService<ConsentPurgeJob>().RunOnceAsync();

        curator = await app.LoginAsAsync(Role.Curator, organization: org);
        var page = await curator.GetHtmlAsync("/people/destructions");
        Assert.Contains($"(участник № {person.Id})", page);
        Assert.DoesNotContain("Уничтожаемова", page);
        var id = await app.WithDbAsync(db => db.DestructionRecords.Where(d => d.FormerPersonId == person.Id).Select(d => d.Id).SingleAsync());
        var act = await curator.GetAsync($"/people/destructions?handler=Act&id={id}");
        Assert.Equal(HttpStatusCode.OK, act.StatusCode);
        using (var doc = WordprocessingDocument.Open(new MemoryStream(await act.Content.ReadAsByteArrayAsync()), false))
        {
            var text = doc.MainDocumentPart!.Document.Body!.InnerText;
            Assert.Contains($"Акт № {id} об уничтожении персональных данных", text);
            Assert.Contains("заявление от 23.11.2026", text);
            Assert.Contains(org.Name, text);
            Assert.DoesNotContain("Уничтожаемова", text);
        }

        var stranger = await app.LoginAsAsync(Role.MunicipalCoordinator, municipality: await app.CreateMunicipalityAsync());
        Assert.DoesNotContain($"(участник № {person.Id})", await stranger.GetHtmlAsync("/people/destructions"));
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/people/destructions?handler=Act&id={id}")).StatusCode);
    }
}
