using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Features.Mentorships;
using Nastavnik.Platform.Auth;
using Nastavnik.Tests.Mentorships;

namespace Nastavnik.Tests.Matching;

/// <summary>Accepting a run once, and a pool that knows about pairs not yet approved (the reviewer's 12-instead-of-6 pairs).</summary>
public sealed partial class MatchingAcceptTests(TestApp app) : IClassFixture<TestApp>
{
    private async Task<(Features.Organizations.Organization Org, HttpClient Curator, string RunUrl, string Html)> RunAsync(int pairs)
    {
        var org = await app.CreateOrganizationAsync();
        for (var i = 0; i < pairs; i++)
        {
            await app.CreateMentorAsync(org, $"Наставница{i}", capacity: 1, subjects: "математика");
            await app.CreateMenteeAsync(org, $"Ученица{i}", subjects: "математика");
        }
        var curator = await app.LoginAsAsync(Role.Curator, organization: org);
        var run = await curator.PostFormAsync("/matching", new() { ["Pool"] = $"o:{org.MunicipalityId}:{org.Id}" });
        Assert.Equal(HttpStatusCode.Redirect, run.StatusCode);
        var url = run.Headers.Location!.OriginalString;
        return (org, curator, url, await curator.GetHtmlAsync(url));
    }

    private static FormUrlEncodedContent AcceptForm(string html)
    {
        var fields = new List<KeyValuePair<string, string>> { new("startDate", "2026-12-01"), new("endDate", "2027-05-31") };
        fields.AddRange(AcceptRegex().Matches(html).Select(m => new KeyValuePair<string, string>("accept", m.Groups[1].Value)));
        fields.Add(new("__RequestVerificationToken", HttpClientExtensions.AntiforgeryToken(html)));
        return new FormUrlEncodedContent(fields);
    }

    private Task<int> ProposedAsync(int orgId) =>
        app.WithDbAsync(db => db.Mentorships.CountAsync(m => m.OrganizationId == orgId && m.Status == MentorshipStatus.Proposed));

    [Fact]
    public async Task Accept_SubmittedAgainAfterBack_PairsCreatedOnce_MessageWithLink()
    {
        var (org, curator, url, html) = await RunAsync(3);
        Assert.Equal(3, AcceptRegex().Count(html));

        var first = await curator.PostAsync(url + "?handler=Accept", AcceptForm(html));
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Contains("Пар предложено на утверждение: 3", await curator.GetHtmlAsync(url));
        // Browser Back shows the page as it was; the same form goes again.
        var second = await curator.PostAsync(url + "?handler=Accept", AcceptForm(html));
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        var after = await curator.GetHtmlAsync(url);
        Assert.Contains("Пары этого подбора уже предложены на утверждение", after);
        Assert.Contains("href=\"/mentorships?status=Proposed\"", after);
        Assert.DoesNotContain("name=\"accept\"", after);
        Assert.Equal(3, await ProposedAsync(org.Id));
    }

    [Fact]
    public async Task Accept_TwoParallelSubmits_OnlyOneCreatesPairs()
    {
        var (org, curator, url, html) = await RunAsync(3);
        var responses = await Task.WhenAll(
            curator.PostAsync(url + "?handler=Accept", AcceptForm(html)),
            curator.PostAsync(url + "?handler=Accept", AcceptForm(html)),
            curator.PostAsync(url + "?handler=Accept", AcceptForm(html)));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Redirect, r.StatusCode));
        Assert.Equal(3, await ProposedAsync(org.Id));
    }

    [Fact]
    public async Task Pool_PendingPairs_MenteeLeftOut_MentorPlaceTaken_HeadApprovesAll()
    {
        var org = await app.CreateOrganizationAsync();
        var mentor = await app.CreateMentorAsync(org, "Ёмкая", capacity: 2, subjects: "математика");
        var drafted = await app.CreateMenteeAsync(org, "Черновикова", subjects: "математика");
        var proposed = await app.CreateMenteeAsync(org, "Предложенова", subjects: "математика");
        await app.CreateMenteeAsync(org, "Свободнова", subjects: "математика");
        await app.CreateMenteeAsync(org, "Ещёсвободнова", subjects: "математика");
        var other = await app.CreateMentorAsync(org, "Другая", capacity: 2, subjects: "математика");
        await app.CreateMentorshipAsync(org, other, drafted, MentorshipStatus.Draft);
        await app.CreateMentorshipAsync(org, mentor, proposed, MentorshipStatus.Proposed);

        var curator = await app.LoginAsAsync(Role.Curator, organization: org);
        var run = await curator.PostFormAsync("/matching", new() { ["Pool"] = $"o:{org.MunicipalityId}:{org.Id}" });
        var url = run.Headers.Location!.OriginalString;
        var html = await curator.GetHtmlAsync(url);
        Assert.Contains("Наставляемых: 2,", html);
        Assert.DoesNotContain("Черновикова", html);
        Assert.DoesNotContain("Предложенова", html);
        // One of «Ёмкая»'s two places is held by the pair on approval; «Другая»'s draft holds one of hers.
        Assert.Contains("Ёмкая Мария Петровна: 1 из 1", html);
        Assert.Contains("Другая Мария Петровна: 1 из 1", html);

        Assert.Equal(HttpStatusCode.Redirect, (await curator.PostAsync(url + "?handler=Accept", AcceptForm(html))).StatusCode);
        Assert.Equal(3, await ProposedAsync(org.Id));

        // The head approves every pair on approval by one order: no «нет свободных мест».
        var head = await app.LoginAsAsync(Role.Head, organization: org);
        var page = await head.GetHtmlAsync("/mentorships/approve");
        var ids = await app.WithDbAsync(db => db.Mentorships.Where(m => m.OrganizationId == org.Id && m.Status == MentorshipStatus.Proposed).Select(m => m.Id).ToListAsync());
        var r = await head.PostAsync("/mentorships/approve", ApproveForm(page, org.Id, ids, "7"));
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Equal(3, await app.WithDbAsync(db => db.Mentorships.CountAsync(m => m.OrganizationId == org.Id && m.Status == MentorshipStatus.Approved)));
    }

    [Fact]
    public async Task Approve_SameMenteeInTwoPendingPairs_Warned_SecondRefused_FirstApproved()
    {
        var org = await app.CreateOrganizationAsync();
        var mentee = await app.CreateMenteeAsync(org, "Дважды");
        var first = await app.CreateMentorshipAsync(org, await app.CreateMentorAsync(org, "Перваяна"), mentee);
        var second = await app.CreateMentorshipAsync(org, await app.CreateMentorAsync(org, "Втораяна"), mentee);

        var head = await app.LoginAsAsync(Role.Head, organization: org);
        var page = await head.GetHtmlAsync("/mentorships/approve");
        Assert.Contains($"Повтор: Дважды Мария Петровна уже в паре №{first.Id} на утверждении", page);
        Assert.Contains($"value=\"{first.Id}\" id=\"m-{first.Id}\" checked=\"checked\"", page);
        Assert.DoesNotContain($"value=\"{second.Id}\" id=\"m-{second.Id}\" checked=\"checked\"", page);

        var both = await head.PostAsync("/mentorships/approve", ApproveForm(page, org.Id, [first.Id, second.Id], "1"));
        Assert.Equal(HttpStatusCode.OK, both.StatusCode);
        Assert.Contains($"№{second.Id}: Дважды Мария Петровна уже в паре №{first.Id} этого приказа", await both.Content.ReadAsStringAsync());
        Assert.Equal(0, await app.WithDbAsync(db => db.Mentorships.CountAsync(m => m.OrganizationId == org.Id && m.Status == MentorshipStatus.Approved)));

        var one = await head.PostAsync("/mentorships/approve", ApproveForm(page, org.Id, [first.Id], "1"));
        Assert.Equal(HttpStatusCode.Redirect, one.StatusCode);
        // Now the second is a duplicate of an approved pair: still flagged, and still refused.
        var again = await head.GetHtmlAsync("/mentorships/approve");
        Assert.Contains($"уже в паре №{first.Id} (утверждена)", again);
        var refused = await head.PostAsync("/mentorships/approve", ApproveForm(again, org.Id, [second.Id], "2"));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal(MentorshipStatus.Proposed, await app.WithDbAsync(db => db.Mentorships.Where(m => m.Id == second.Id).Select(m => m.Status).SingleAsync()));
    }

    internal static FormUrlEncodedContent ApproveForm(string html, int orgId, IEnumerable<int> ids, string number)
    {
        var fields = new List<KeyValuePair<string, string>> { new("Input.OrganizationId", orgId.ToString()), new("Input.Number", number), new("Input.Date", "2026-11-23") };
        fields.AddRange(ids.Select(id => new KeyValuePair<string, string>("Input.Ids", id.ToString())));
        fields.Add(new("__RequestVerificationToken", HttpClientExtensions.AntiforgeryToken(html)));
        return new FormUrlEncodedContent(fields);
    }

    [GeneratedRegex("name=\"accept\" value=\"(\\d+:\\d+)\"")]
    private static partial Regex AcceptRegex();
}
