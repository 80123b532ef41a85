using Nastavnik.Data;
using Nastavnik.Features.Organizations;

namespace Nastavnik.Features.Roadmaps;

/// <summary>
/// Demo roadmaps for the rural district of the demo region, in the current school year: an approved municipal
/// roadmap (the seven sections of seed 003) partly carried out, and school roadmaps in every state the
/// coordinator meets — approved, submitted on time, returned with a comment, none at all.
/// </summary>
public static class RoadmapDemo
{
    public static async Task SeedAsync(AppDbContext db, Municipality district, IReadOnlyDictionary<string, Organization> orgs, TimeProvider clock,
        string coordinatorName, IReadOnlyList<string> schoolNames)
    {
        var today = RoadmapWeb.Today(clock);
        var year = RoadmapWeb.SchoolYearOf(today);
        // August belongs to the preparation before the school year starts.
        DateOnly Day(int month, int day) => new(month >= 8 ? year : year + 1, month, day);
        DateOnly NotAfterToday(DateOnly d) => d > today ? today : d;
        DateTime At(DateOnly d) => d.ToDateTime(new TimeOnly(9, 30), DateTimeKind.Utc);

        Roadmap New(RoadmapTemplate template, Organization? org)
        {
            var r = new Roadmap
            {
                RegionId = district.RegionId, MunicipalityId = district.Id, OrganizationId = org?.Id, Title = "",
                PeriodText = $"{year}/{year + 1} учебный год", PeriodStart = RoadmapWeb.SchoolYearStart(year), PeriodEnd = RoadmapWeb.SchoolYearEnd(year),
                CreatedAt = At(NotAfterToday(Day(8, 25))), CreatedBy = "demo",
                ApproverPosition = org is null ? "Заведующий отделом образования" : "Директор " + org.Name, ApproverName = org is null ? "В. З. Демидова" : null,
            };
            RoadmapTemplates.Apply(template, r);
            r.Title = RoadmapTemplates.Fill(template.Title, r.PeriodStart, r.PeriodEnd);
            return r;
        }

        // Items whose due has ended are mostly done, one in four left undone (so the control pages have something to show).
        void CarryOut(Roadmap r, int skipEvery)
        {
            var n = 0;
            foreach (var i in r.Items)
            {
                if (i.DueEnd is not { } end || end >= today || i.DueKind is DueKind.Continuous) continue;
                if (++n % skipEvery == 0) continue;
                i.Status = RoadmapItemStatus.Done;
                i.DoneAt = NotAfterToday(n % 3 == 0 ? end.AddDays(6) : end.AddDays(-3));
                i.EvidenceNote = n % 2 == 0 ? "Приказ по ОО, протокол совещания" : "Информация размещена на сайте";
            }
        }

        var municipal = New(RoadmapTemplates.Sections, null);
        municipal.Status = RoadmapStatus.Approved;
        municipal.ApprovalDate = NotAfterToday(Day(8, 28));
        municipal.ApprovalOrderDate = municipal.ApprovalDate;
        municipal.ApprovalOrderNumber = "394";
        municipal.ApprovedAt = At(municipal.ApprovalDate.Value);
        municipal.ApprovedBy = coordinatorName;
        CarryOut(municipal, 4);
        db.Roadmaps.Add(municipal);

        for (var k = 0; k < schoolNames.Count; k++)
        {
            if (!orgs.TryGetValue(schoolNames[k], out var school)) continue;
            var r = New(RoadmapTemplates.School, school);
            switch (k)
            {
                case 0: // the demo curator's school: submitted on time, waiting for the coordinator
                    r.Status = RoadmapStatus.Submitted;
                    r.FirstSubmittedAt = r.SubmittedAt = At(NotAfterToday(Day(9, 18)));
                    r.SubmittedBy = "curator@demo.nastavnik.ru";
                    CarryOut(r, 3);
                    break;
                case 1: // approved
                    r.Status = RoadmapStatus.Approved;
                    r.FirstSubmittedAt = r.SubmittedAt = At(NotAfterToday(Day(9, 15)));
                    r.ApprovalDate = NotAfterToday(Day(9, 19));
                    r.ApprovalOrderNumber = "412";
                    r.ApprovalOrderDate = r.ApprovalDate;
                    r.ApprovedAt = At(r.ApprovalDate.Value);
                    r.ApprovedBy = coordinatorName;
                    CarryOut(r, 5);
                    break;
                default: // submitted late and returned with a comment
                    r.Status = RoadmapStatus.Returned;
                    r.FirstSubmittedAt = r.SubmittedAt = At(NotAfterToday(Day(9, 27)));
                    r.ReturnedAt = At(NotAfterToday(Day(9, 29)));
                    r.ReturnedBy = coordinatorName;
                    r.ReturnComment = "Укажите ответственных по разделу 5 и сроки обучения наставников.";
                    break;
            }
            db.Roadmaps.Add(r);
        }
        await db.SaveChangesAsync();
    }
}
