using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Features.People;
using Nastavnik.Matching;
using M = Nastavnik.Matching;

namespace Nastavnik.Features.Matching;

/// <summary>
/// Turns the registers into a matching problem: waiting mentees and available mentors of one organisation or of
/// a whole municipality (the municipal bank), with deficits, strengths, subjects, categories, ages and stated
/// preferences. Subjects are free text in the register ("математика, физика"); they are split and normalised
/// into ids for this run only.
/// </summary>
public sealed class MatchingPool(AppDbContext db, TimeProvider clock)
{
    /// <summary>What is stored with a run, enough to solve it again.</summary>
    public sealed record Input(string PoolName, List<M.MenteeProfile> Mentees, List<M.MentorProfile> Mentors, MatchWeights Weights, List<PairKey> Locked,
        Dictionary<int, string> Names, Dictionary<int, string> Competencies, Dictionary<int, string> Subjects, Dictionary<int, string> Categories)
    {
        public MatchingProblem ToProblem() => new(Mentees, Mentors)
        {
            Weights = Weights,
            LockedPairs = Locked,
            Vocabulary = new MatchingVocabulary { Competencies = Competencies, Subjects = Subjects, Categories = Categories },
        };
    }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>One person as a mentee profile, for ranking mentors for someone outside the waiting list.</summary>
    public async Task<M.MenteeProfile> LoadProfileAsync(Person person, CancellationToken ct = default)
    {
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var deficits = await db.Deficits.AsNoTracking().Where(d => d.PersonId == person.Id).Select(d => d.CompetencyId).Distinct().ToListAsync(ct);
        var categories = await db.PersonCategories.AsNoTracking().Where(c => c.PersonId == person.Id).Select(c => c.Category).ToListAsync(ct);
        return new M.MenteeProfile(person.Id, person.Id)
        {
            DeficitIds = deficits,
            OrganizationId = person.OrganizationId,
            ExperienceYears = person.PedagogicalExperienceYears,
            CategoryIds = [.. categories.Where(c => !MenteeCategories.IsSensitive(c)).Select(c => (int)c)],
            Age = person.BirthDate is { } b ? today.Year - b.Year - (today < b.AddYears(today.Year - b.Year) ? 1 : 0) : null,
        };
    }

    public async Task<Input> LoadAsync(int municipalityId, int? organizationId, MatchWeights weights, List<PairKey> locked, CancellationToken ct = default)
    {
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var q = db.People.AsNoTracking().Where(p => p.MunicipalityId == municipalityId && !p.Organization!.IsArchived);
        if (organizationId is not null) q = q.Where(p => p.OrganizationId == organizationId);
        // Mentees come from the waiting list as the waiting page defines it: nobody already in a pair, even a draft one.
        var waiting = Mentorships.MentorshipQueries.Waiting(db, q).Select(p => p.Id);
        var people = await q
            .Where(p => waiting.Contains(p.Id) || (p.Mentor != null && p.Mentor.Status == MentorBankStatus.Confirmed))
            .Include(p => p.Mentor).ThenInclude(m => m!.Strengths).Include(p => p.Mentee).Include(p => p.Categories).Include(p => p.Deficits)
            .AsSplitQuery().OrderBy(p => p.Id).ToListAsync(ct);
        var poolName = organizationId is null
            ? await db.Municipalities.AsNoTracking().Where(m => m.Id == municipalityId).Select(m => m.Name).FirstAsync(ct) + " (муниципальный банк)"
            : await db.Organizations.AsNoTracking().Where(o => o.Id == organizationId).Select(o => o.Name).FirstAsync(ct);

        var subjects = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        List<int> SubjectIds(string? text) => [.. (text ?? "").Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => subjects.TryGetValue(s, out var id) ? id : subjects[s] = subjects.Count + 1)];

        var waitingIds = (await waiting.ToListAsync(ct)).ToHashSet();
        var mentees = people.Where(p => waitingIds.Contains(p.Id)).Select(p => new M.MenteeProfile(p.Id, p.Id)
        {
            DeficitIds = [.. p.Deficits.Select(d => d.CompetencyId).Distinct()],
            SubjectIds = SubjectIds(p.Subjects),
            OrganizationId = p.OrganizationId,
            ExperienceYears = p.PedagogicalExperienceYears,
            // Sensitive categories never enter matching: explanations are shown to mentors too.
            CategoryIds = [.. p.Categories.Where(c => !MenteeCategories.IsSensitive(c.Category)).Select(c => (int)c.Category)],
            Age = p.BirthDate is { } b ? today.Year - b.Year - (today < b.AddYears(today.Year - b.Year) ? 1 : 0) : null,
        }).ToList();
        // Places already taken are not offered again: by approved and active pairs, and by drafts and pairs on approval too,
        // or the head's order would later find the mentor full.
        var holding = db.Mentorships.AsNoTracking().Where(x => x.MunicipalityId == municipalityId && Mentorships.MentorshipLifecycle.Occupying.Contains(x.Status)).Select(x => x.Id);
        var participants = await db.MentorshipParticipants.AsNoTracking().Where(x => holding.Contains(x.MentorshipId))
            .Select(x => new { x.MentorshipId, x.PersonId, x.Role }).ToListAsync(ct);
        var used = participants.Where(x => x.Role == Mentorships.ParticipantRole.Mentor)
            .GroupBy(x => x.PersonId)
            .ToDictionary(g => g.Key, g => g.Sum(m => participants.Count(x => x.MentorshipId == m.MentorshipId && x.Role != Mentorships.ParticipantRole.Mentor)));
        // Only confirmed mentors of the bank are offered: a candidate is not yet selected (seed 000: «отбор кандидатур»).
        var mentors = people.Where(p => p.Mentor is { Status: MentorBankStatus.Confirmed })
            .Select(p => new M.MentorProfile(p.Id, p.Id, Math.Max(0, p.Mentor!.Capacity - used.GetValueOrDefault(p.Id)))
        {
            StrengthIds = [.. p.Mentor.Strengths.Select(s => s.CompetencyId)],
            SubjectIds = SubjectIds(p.Subjects),
            OrganizationId = p.OrganizationId,
            ExperienceYears = p.PedagogicalExperienceYears,
            PreferredMenteeAgeMin = p.Mentor.PreferredAgeFrom,
            PreferredMenteeAgeMax = p.Mentor.PreferredAgeTo,
            RemainingHoursPerMonth = p.Mentor.HoursPerMonth,
        }).ToList();
        // A person in both banks is offered as a mentor and as a mentee; the matcher never pairs them with themselves.
        var names = people.ToDictionary(p => p.Id, p => p.FullName);
        var competencies = await db.Competencies.AsNoTracking().ToDictionaryAsync(c => c.Id, c => LowerFirst(c.Name), ct);
        var categories = Enum.GetValues<MenteeCategory>().Where(c => !MenteeCategories.IsSensitive(c))
            .ToDictionary(c => (int)c, c => LowerFirst(Platform.Web.Formats.Name(c)));
        return new Input(poolName, mentees, mentors, weights, locked.Where(l => mentees.Any(m => m.Id == l.MenteeId) && mentors.Any(m => m.Id == l.MentorId)).ToList(),
            names, competencies, subjects.ToDictionary(kv => kv.Value, kv => kv.Key), categories);
    }

    /// <summary>"Проектирование урока по ФГОС" → "проектирование урока по ФГОС": reads inside a sentence, abbreviations kept.</summary>
    private static string LowerFirst(string s) => s.Length == 0 ? s : char.ToLower(s[0], Platform.Web.WebHost.Russian) + s[1..];
}
