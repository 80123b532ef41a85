using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Features.Mentorships;
using Nastavnik.Features.Programmes;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.Practices;

/// <summary>Turning a completed programme into a practice without personal data, and who may propose or publish one.</summary>
public sealed class PracticeService(AppDbContext db)
{
    /// <summary>The source programme, its completion and the names a practice must not contain; null when the programme cannot be proposed.</summary>
    public sealed record Source(MentoringProgram Programme, Mentorship Mentorship, Completion Completion, List<ProgramActivity> Activities, List<NameScrubber.Name> Names);

    public bool CanPropose(int regionId, int municipalityId, int organizationId) =>
        db.Scope.For(Permissions.PracticesPropose).CoversOrganization(regionId, municipalityId, organizationId);

    public bool CanPublish(Practice p) => db.Scope.For(Permissions.PracticesPublish).CoversMunicipality(p.RegionId, p.MunicipalityId);

    /// <summary>Reviewers and proposers see practices still under review; everyone else only published ones.</summary>
    public bool SeesUnpublished(Practice p) => CanPublish(p) || CanPropose(p.RegionId, p.MunicipalityId, p.OrganizationId);

    public async Task<(Source? Source, string? Error)> SourceAsync(int programId, CancellationToken ct = default)
    {
        var p = await db.MentoringPrograms.AsNoTracking().FirstOrDefaultAsync(x => x.Id == programId, ct);
        var m = p is null ? null : await db.Mentorships.AsNoTracking().Include(x => x.Participants).ThenInclude(x => x.Person).FirstOrDefaultAsync(x => x.Id == p.MentorshipId, ct);
        if (p is null || m is null) return (null, null);
        var c = await db.Completions.AsNoTracking().FirstOrDefaultAsync(x => x.ProgramId == p.Id, ct);
        if (m.Status != MentorshipStatus.Completed || c is null)
            return (null, "В банк практик предлагается программа, завершённая в полном объёме.");
        var activities = await db.ProgramActivities.AsNoTracking().Where(a => a.ProgramId == p.Id && a.Status != ActivityStatus.Cancelled)
            .OrderBy(a => a.DueOn).ThenBy(a => a.Id).ToListAsync(ct);
        return (new Source(p, m, c, activities, Names(m)), null);
    }

    /// <summary>Every participant's surname, first name and patronymic, each to be replaced by their role.</summary>
    public static List<NameScrubber.Name> Names(Mentorship m) =>
        [.. m.Participants.Where(x => x.Person is not null).SelectMany(x => new[] { x.Person!.LastName, x.Person.FirstName, x.Person.MiddleName }
            .OfType<string>().Where(w => w.Trim().Length > 1)
            .Select(w => new NameScrubber.Name(w, x.Role == ParticipantRole.Mentor ? "наставник" : x.Role == ParticipantRole.Peer ? "партнёр" : "наставляемый")))];

    /// <summary>A draft practice: the programme told without names, the plan as days from the start, cancelled activities left out.</summary>
    public static Practice Draft(Source s, string formName)
    {
        var p = s.Programme;
        string? Scrub(string? t) => NameScrubber.Scrub(t, s.Names);
        var title = Scrub($"{formName}: {p.Goal}")!;
        var practice = new Practice
        {
            OrganizationId = p.OrganizationId, MunicipalityId = p.MunicipalityId, RegionId = p.RegionId, SourceProgramId = p.Id,
            Title = title.Length > 300 ? title[..300] : title, Goal = Scrub(p.Goal)!, Tasks = Scrub(p.Tasks), Results = Scrub(s.Completion.ProgrammeResults),
            Summary = Scrub(p.Difficulties is null ? $"Итоги: {s.Completion.ProgrammeResults}" : $"Затруднения, на которые направлена программа: {p.Difficulties}\nИтоги: {s.Completion.ProgrammeResults}")!,
            FormId = s.Mentorship.FormId, KindId = s.Mentorship.KindId, Directions = p.Directions, DurationDays = p.EndDate.DayNumber - p.StartDate.DayNumber,
            Status = PracticeStatus.Proposed,
        };
        if (practice.Summary.Length > 4000) practice.Summary = practice.Summary[..4000];
        var n = 0;
        foreach (var a in s.Activities)
            practice.Items.Add(new PracticeItem
            {
                SortOrder = ++n, Title = Scrub(a.Title)!, ExpectedResult = Scrub(a.ExpectedResult), ResultForm = Scrub(a.ResultForm), OffsetDays = Math.Max(0, a.DueOn.DayNumber - p.StartDate.DayNumber),
            });
        return practice;
    }

    /// <summary>«через 2 нед.» — an offset as people plan (days under two weeks, then weeks, then months).</summary>
    public static string Offset(int days) => days switch
    {
        0 => "в начале",
        < 14 => $"{days} дн. от начала",
        < 60 => $"{days / 7} нед. от начала",
        _ => $"{days / 30} мес. от начала",
    };

    public static string Duration(int days) => days >= 60 ? $"{Math.Round(days / 30.4):0} мес." : $"{days / 7} нед.";
}
