using System.Net;
using Nastavnik.Features.Roadmaps;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Tests.Roadmaps;

public sealed class RoadmapEvidenceTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task Curator_AttachesPdf_DownloadsIt_WrongTypeRefused_OtherSchool404()
    {
        var org = await app.CreateOrganizationAsync();
        var itemId = await app.WithDbAsync(async db =>
        {
            var r = new Roadmap { RegionId = org.RegionId, MunicipalityId = org.MunicipalityId, OrganizationId = org.Id, Title = "Дорожная карта школы", PeriodText = "2026/2027 учебный год",
                PeriodStart = new DateOnly(2026, 9, 1), PeriodEnd = new DateOnly(2027, 8, 31) };
            var i = new RoadmapItem { Roadmap = r, Number = "1.3", Name = "Назначение куратора" };
            i.SetDue("сентябрь", DueContext.ForSchoolYear(2026));
            db.AddRange(r, i);
            await db.SaveChangesAsync();
            return i.Id;
        });
        var curator = await app.LoginAsAsync(Role.Curator, organization: org);
        var page = $"/roadmaps/item/{itemId}";
        var pdf = "%PDF-1.4 приказ № 112"u8.ToArray();
        var ok = await curator.PostMultipartAsync(page + "?handler=Upload", page, "Приказ 112.pdf", pdf);
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        var html = await curator.GetHtmlAsync(page);
        Assert.Contains("Приказ 112.pdf", html);
        var fileId = System.Text.RegularExpressions.Regex.Match(html, "handler=File&amp;fileId=(\\d+)").Groups[1].Value;
        var download = await curator.GetAsync($"{page}?handler=File&fileId={fileId}");
        Assert.Equal(pdf, await download.Content.ReadAsByteArrayAsync());

        var bad = await curator.PostMultipartAsync(page + "?handler=Upload", page, "virus.exe", [1, 2, 3]);
        Assert.Contains("Можно приложить PDF", await curator.GetHtmlAsync(bad.Headers.Location!.OriginalString));

        var other = await app.LoginAsAsync(Role.Curator, organization: await app.CreateOrganizationAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"{page}?handler=File&fileId={fileId}")).StatusCode);
    }
}
