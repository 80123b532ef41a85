using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Platform.Audit;
using Nastavnik.Platform.Auth;
using Nastavnik.Platform.Tenancy;

namespace Nastavnik.Features.People;

/// <summary>Реестр участников, банк наставников и банк наставляемых: one page, three views.</summary>
[Authorize(Policy = Permissions.PeopleRead)]
public sealed class IndexModel(AppDbContext db, IAuthorizationService auth, AuditLog audit) : PageModel
{
    public const int PageSize = 50;
    public sealed record Row(int Id, string FullName, string Organization, PersonKind Kind, string? Position, string? ClassName, bool IsMentor, bool IsMentee,
        MentorBankStatus? MentorStatus, MenteeStatus? MenteeStatus, bool InPendingPair, List<MenteeCategory> Categories, DateOnly EnteredOn, int RegionId, int MunicipalityId, int OrganizationId);
    public sealed record Option(int Id, string Name);

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public int? Org { get; set; }
    [BindProperty(SupportsGet = true)] public PersonKind? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public RegisterKind Register { get; set; }
    [BindProperty(SupportsGet = true)] public MenteeCategory? Category { get; set; }
    [BindProperty(SupportsGet = true)] public int? Competency { get; set; }
    /// <summary>Mentee status; «ожидает» means the waiting list's definition (not in any pair yet), so the two counts agree.</summary>
    [BindProperty(SupportsGet = true)] public MenteeStatus? MenteeStatus { get; set; }
    /// <summary>Mentor's status in the bank; only confirmed mentors are offered for pairs, so candidates are found and confirmed here.</summary>
    [BindProperty(SupportsGet = true)] public MentorBankStatus? MentorStatus { get; set; }
    [BindProperty(SupportsGet = true)] public int P { get; set; } = 1;

    public List<Row> Items { get; private set; } = [];
    public int Total { get; private set; }
    public int Pages => (Total + PageSize - 1) / PageSize;
    public List<Option> Organizations { get; private set; } = [];
    public List<Option> Competencies { get; private set; } = [];
    public bool CanWrite => db.Scope.Has(Permissions.PeopleWrite);
    public bool CanExport => db.Scope.Has(Permissions.PeopleExport);
    public bool CanSeeSensitiveAnywhere => db.Scope.Has(Permissions.PeopleSensitiveRead);
    public bool SeesSensitive(Row r) => PersonVisibility.CanSeeSensitive(db.Scope, r.RegionId, r.MunicipalityId, r.OrganizationId);

    public PeopleFilter Filter => new(Q, Org, Kind, Register, Category, Competency, MentorStatus, MenteeStatus);

    public async Task OnGetAsync()
    {
        if (P < 1) P = 1;
        Organizations = await db.Organizations.AsNoTracking().Where(o => !o.IsArchived).OrderBy(o => o.Name).Select(o => new Option(o.Id, o.Name)).ToListAsync();
        Competencies = await db.Competencies.AsNoTracking().Where(c => !c.IsArchived).OrderBy(c => c.Group).ThenBy(c => c.Name).Select(c => new Option(c.Id, c.Group + ": " + c.Name)).ToListAsync();
        var q = PeopleQueries.Filter(db, db.People.AsNoTracking(), Filter);
        var occupied = Mentorships.MentorshipQueries.OccupiedMenteeIds(db);
        Total = await q.CountAsync();
        Items = await q.OrderBy(p => p.LastName).ThenBy(p => p.FirstName).ThenBy(p => p.Id).Skip((P - 1) * PageSize).Take(PageSize)
            .Select(p => new Row(p.Id, p.LastName + " " + p.FirstName + (p.MiddleName != null ? " " + p.MiddleName : ""), p.Organization!.Name, p.Kind, p.Position, p.ClassName,
                p.Mentor != null && p.Mentor.Status != MentorBankStatus.Inactive, p.Mentee != null,
                p.Mentor != null ? p.Mentor.Status : null, p.Mentee != null ? p.Mentee.Status : null, p.Mentee != null && occupied.Contains(p.Id),
                p.Categories.Select(c => c.Category).ToList(), p.EnteredOn, p.RegionId, p.MunicipalityId, p.OrganizationId))
            .ToListAsync();
    }

    /// <summary>
    /// «Подтвердить» for the candidates the filter shows: after an import every mentor is a candidate, and only confirmed
    /// mentors are offered for pairs. Only in organisations where the user may write people; one audit line each.
    /// </summary>
    public async Task<IActionResult> OnPostConfirmMentorsAsync(CancellationToken ct)
    {
        if (!CanWrite) return Forbid();
        var ids = await PeopleQueries.Filter(db, db.People.AsNoTracking(), Filter with { MentorStatus = MentorBankStatus.Candidate })
            .Select(p => new { p.Id, p.OrganizationId }).ToListAsync(ct);
        var writable = new HashSet<int>();
        foreach (var orgId in ids.Select(x => x.OrganizationId).Distinct())
        {
            var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == orgId, ct);
            if ((await auth.AuthorizeAsync(User, org, new TenantOperation(Permissions.PeopleWrite))).Succeeded) writable.Add(orgId);
        }
        if (ids.Count > 0 && writable.Count == 0) return Forbid();
        var chosen = ids.Where(x => writable.Contains(x.OrganizationId)).Select(x => x.Id).ToList();
        var profiles = await db.MentorProfiles.Where(m => chosen.Contains(m.PersonId) && m.Status == MentorBankStatus.Candidate).ToListAsync(ct);
        foreach (var m in profiles) m.Status = MentorBankStatus.Confirmed;
        foreach (var g in ids.Where(x => writable.Contains(x.OrganizationId)).GroupBy(x => x.OrganizationId))
            audit.Add("person.mentors-confirmed", "person", null, $"подтверждены в банке наставников: {g.Count()}", g.Key);
        await db.SaveChangesAsync(ct);
        TempData["Flash"] = $"Подтверждены в банке наставников: {profiles.Count}. Теперь их можно подбирать в пары.";
        MentorStatus = MentorBankStatus.Confirmed;
        return Redirect(Link(1));
    }

    /// <summary>The page (or the export, with its format) under the current filters; QueryString puts the "?" only where one is due.</summary>
    public string Link(int page, string path = "/people", string? format = null) => path + QueryString.Create(new Dictionary<string, string?>
    {
        ["format"] = format,
        ["q"] = Q, ["org"] = Org?.ToString(), ["kind"] = Kind?.ToString(), ["register"] = Register == RegisterKind.All ? null : Register.ToString(),
        ["category"] = Category?.ToString(), ["competency"] = Competency?.ToString(), ["menteeStatus"] = MenteeStatus?.ToString(), ["mentorStatus"] = MentorStatus?.ToString(), ["p"] = page > 1 ? page.ToString() : null,
    }.Where(kv => kv.Value is not null)).ToUriComponent();
}
