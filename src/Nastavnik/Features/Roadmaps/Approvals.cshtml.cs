using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Features.Organizations;
using Nastavnik.Platform.Audit;
using Nastavnik.Platform.Auth;
using Nastavnik.Platform.Web;

namespace Nastavnik.Features.Roadmaps;

/// <summary>
/// The municipal coordinator's control of the organisations' roadmaps for a school year (seed 003: «согласовать их
/// с учредителем до 20.09.2023»): who has submitted, on time or late against the municipality's deadline, what is
/// approved, and how the plans are being carried out — per organisation and for the municipality.
/// A coordinator covering several municipalities first sees a summary per municipality. Social partners and method
/// centres are not listed: the method centre carries out the municipal roadmap rather than a roadmap of its own.
/// </summary>
[Authorize(Policy = Permissions.RoadmapsApprove)]
public sealed class ApprovalsModel(AppDbContext db, IAuthorizationService auth, AuditLog audit, TimeProvider clock) : PageModel
{
    public sealed record OrgRow(
        int OrganizationId, string Organization, int? RoadmapId, string? Title, RoadmapStatus? Status, DateOnly? Submitted, int? LateDays,
        bool Pending, DateOnly? Approved, RoadmapProgress Progress, int RoadmapCount);

    public sealed record MunicipalityRow(int Id, string Name, int Organizations, int Submitted, int Approved, int Late, RoadmapProgress Progress);

    public sealed class DeadlineInput
    {
        [Display(Name = "Срок подачи дорожных карт ОО"), Required]
        public DateOnly? Deadline { get; set; }
    }

    [BindProperty(SupportsGet = true)] public int? M { get; set; }
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty] public DeadlineInput Input { get; set; } = new();

    public List<(int Id, string Name)> Municipalities { get; private set; } = [];
    public Municipality? Municipality { get; private set; }
    public DateOnly Deadline { get; private set; }
    public bool DeadlineIsDefault { get; private set; }
    public DateOnly Today { get; private set; }
    public List<OrgRow> Rows { get; private set; } = [];
    public List<MunicipalityRow> Overview { get; private set; } = [];
    public List<(int Id, string Title, RoadmapStatus Status, RoadmapProgress Progress)> MunicipalRoadmaps { get; private set; } = [];
    public RoadmapProgress OrganizationsProgress { get; private set; } = RoadmapProgress.Empty;
    public RoadmapProgress MunicipalityProgress { get; private set; } = RoadmapProgress.Empty;
    public List<int> Years { get; private set; } = [];
    /// <summary>Which local acts each organisation has for the year (seed 003 asks the municipality to watch them).</summary>
    public Dictionary<int, HashSet<LocalActKind>> Acts { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        if (await Prepare() is { } fail) return fail;
        if (Municipality is null) await BuildOverview();
        else await BuildMunicipality();
        return Page();
    }

    public async Task<IActionResult> OnPostDeadlineAsync()
    {
        if (await Prepare() is { } fail) return fail;
        if (Municipality is null) return NotFound();
        var year = Year!.Value;
        if (Input.Deadline is { } d && (d < new DateOnly(year, 1, 1) || d > RoadmapWeb.SchoolYearEnd(year)))
            ModelState.AddModelError("Input.Deadline", $"Срок должен приходиться на {year} год или {year}/{year + 1} учебный год.");
        if (!ModelState.IsValid)
        {
            await BuildMunicipality();
            return Page();
        }
        var row = await db.RoadmapDeadlines.FirstOrDefaultAsync(x => x.MunicipalityId == Municipality.Id && x.SchoolYearStart == year);
        if (row is null)
        {
            row = new RoadmapDeadline { MunicipalityId = Municipality.Id, RegionId = Municipality.RegionId, SchoolYearStart = year };
            db.RoadmapDeadlines.Add(row);
        }
        row.Deadline = Input.Deadline!.Value;
        audit.Add(AuditActions.Update, "roadmap-deadline", Municipality.Id.ToString(CultureInfo.InvariantCulture) + "/" + year.ToString(CultureInfo.InvariantCulture),
            "срок " + row.Deadline.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture));
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            // Two coordinators set it at the same moment: the other one's value stands.
            TempData["FlashError"] = "Срок только что изменил другой пользователь. Проверьте его.";
            return Redirect(Link(Municipality.Id, year));
        }
        TempData["Flash"] = $"Срок подачи дорожных карт на {year}/{year + 1} учебный год: {Formats.Date(row.Deadline)}.";
        return Redirect(Link(Municipality.Id, year));
    }

    public static string Link(int municipalityId, int year) =>
        $"/roadmaps/approvals?m={municipalityId.ToString(CultureInfo.InvariantCulture)}&year={year.ToString(CultureInfo.InvariantCulture)}";

    private async Task<IActionResult?> Prepare()
    {
        Today = RoadmapWeb.Today(clock);
        var current = RoadmapWeb.SchoolYearOf(Today);
        if (Year is null or < 2000 or > 2100) Year = current;
        Years = [.. Enumerable.Range(current - 4, 6).Reverse()];
        if (!Years.Contains(Year.Value)) Years.Add(Year.Value);
        var approving = db.Scope.For(Permissions.RoadmapsApprove);
        Municipalities = (await db.Municipalities.AsNoTracking().Where(m => !m.IsArchived).OrderBy(m => m.Name).ToListAsync())
            .Where(m => approving.CoversMunicipality(m.RegionId, m.Id)).Select(m => (m.Id, m.Name)).ToList();
        if (M is null && Municipalities.Count == 1) M = Municipalities[0].Id;
        if (M is not null)
        {
            var m = await db.Municipalities.AsNoTracking().FirstOrDefaultAsync(x => x.Id == M);
            if (m is null || !(await auth.AuthorizeAsync(User, m, new TenantOperation(Permissions.RoadmapsApprove))).Succeeded) return NotFound();
            Municipality = m;
            var stored = await db.RoadmapDeadlines.AsNoTracking().FirstOrDefaultAsync(x => x.MunicipalityId == m.Id && x.SchoolYearStart == Year);
            Deadline = stored?.Deadline ?? RoadmapDeadline.Default(Year.Value);
            DeadlineIsDefault = stored is null;
            Input.Deadline ??= Deadline;
        }
        return null;
    }

    private IQueryable<Roadmap> RoadmapsOfYear(IEnumerable<int> municipalityIds)
    {
        var ids = municipalityIds.ToList();
        var (from, to) = (RoadmapWeb.SchoolYearStart(Year!.Value), RoadmapWeb.SchoolYearEnd(Year!.Value));
        return db.Roadmaps.AsNoTracking().Where(r => ids.Contains(r.MunicipalityId) && r.PeriodStart <= to && r.PeriodEnd >= from);
    }

    private sealed record Brief(int Id, int MunicipalityId, int? OrganizationId, string Title, RoadmapStatus Status, DateTime? FirstSubmittedAt, DateOnly? ApprovalDate, DateTime CreatedAt);

    private static int Rank(RoadmapStatus s) => s switch
    {
        RoadmapStatus.Approved => 3,
        RoadmapStatus.Submitted => 2,
        RoadmapStatus.Returned => 1,
        _ => 0,
    };

    private async Task<List<Brief>> Briefs(IEnumerable<int> municipalityIds) =>
        await RoadmapsOfYear(municipalityIds)
            .Select(r => new Brief(r.Id, r.MunicipalityId, r.OrganizationId, r.Title, r.Status, r.FirstSubmittedAt, r.ApprovalDate, r.CreatedAt)).ToListAsync();

    /// <summary>Days late against the deadline: by the first submission, or by today when nothing was submitted. Null when on time.</summary>
    private int? Late(DateOnly? submitted, DateOnly deadline)
    {
        var day = submitted ?? Today;
        return day > deadline ? day.DayNumber - deadline.DayNumber : null;
    }

    private async Task BuildMunicipality()
    {
        var m = Municipality!;
        var orgs = await db.Organizations.AsNoTracking()
            .Where(o => o.MunicipalityId == m.Id && !o.IsArchived && o.Kind != OrganizationKind.Partner && o.Kind != OrganizationKind.MethodCenter)
            .OrderBy(o => o.Name).Select(o => new { o.Id, o.Name }).ToListAsync();
        Acts = await LocalActs.StatusAsync(db, [.. orgs.Select(o => o.Id)], Year!.Value);
        var briefs = await Briefs([m.Id]);
        var progress = await RoadmapProgress.ForRoadmapsAsync(db, briefs.Select(b => b.Id).ToList(), Today);
        foreach (var o in orgs)
        {
            var own = briefs.Where(b => b.OrganizationId == o.Id).ToList();
            var main = own.OrderByDescending(b => Rank(b.Status)).ThenByDescending(b => b.CreatedAt).FirstOrDefault();
            var sum = own.Aggregate(RoadmapProgress.Empty, (acc, b) => acc + progress[b.Id]);
            DateOnly? submitted = main?.FirstSubmittedAt is { } fs ? RoadmapWeb.LocalDate(clock, fs) : null;
            var late = main is null || main.Status == RoadmapStatus.Draft || main.FirstSubmittedAt is null ? Late(null, Deadline) : Late(submitted, Deadline);
            Rows.Add(new OrgRow(o.Id, o.Name, main?.Id, main?.Title, main?.Status, submitted, late, main?.Status == RoadmapStatus.Submitted,
                main?.Status == RoadmapStatus.Approved ? main.ApprovalDate : null, sum, own.Count));
        }
        OrganizationsProgress = Rows.Aggregate(RoadmapProgress.Empty, (acc, r) => acc + r.Progress);
        MunicipalRoadmaps = briefs.Where(b => b.OrganizationId is null).OrderBy(b => b.Id).Select(b => (b.Id, b.Title, b.Status, progress[b.Id])).ToList();
        MunicipalityProgress = MunicipalRoadmaps.Aggregate(OrganizationsProgress, (acc, r) => acc + r.Progress);
    }

    private async Task BuildOverview()
    {
        var ids = Municipalities.Select(m => m.Id).ToList();
        var orgCounts = await db.Organizations.AsNoTracking().Where(o => ids.Contains(o.MunicipalityId) && !o.IsArchived && o.Kind != OrganizationKind.Partner && o.Kind != OrganizationKind.MethodCenter)
            .GroupBy(o => o.MunicipalityId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count);
        var deadlines = await db.RoadmapDeadlines.AsNoTracking().Where(d => ids.Contains(d.MunicipalityId) && d.SchoolYearStart == Year)
            .ToDictionaryAsync(d => d.MunicipalityId, d => d.Deadline);
        var briefs = await Briefs(ids);
        var progress = await RoadmapProgress.ForRoadmapsAsync(db, briefs.Select(b => b.Id).ToList(), Today);
        foreach (var (id, name) in Municipalities)
        {
            var deadline = deadlines.GetValueOrDefault(id, RoadmapDeadline.Default(Year!.Value));
            var mains = briefs.Where(b => b.MunicipalityId == id && b.OrganizationId is not null)
                .GroupBy(b => b.OrganizationId).Select(g => g.OrderByDescending(b => Rank(b.Status)).ThenByDescending(b => b.CreatedAt).First()).ToList();
            var late = mains.Count(b => b.FirstSubmittedAt is { } fs && Late(RoadmapWeb.LocalDate(clock, fs), deadline) is not null);
            var sum = briefs.Where(b => b.MunicipalityId == id).Aggregate(RoadmapProgress.Empty, (acc, b) => acc + progress[b.Id]);
            Overview.Add(new MunicipalityRow(id, name, orgCounts.GetValueOrDefault(id), mains.Count(b => b.Status == RoadmapStatus.Submitted),
                mains.Count(b => b.Status == RoadmapStatus.Approved), late, sum));
        }
    }
}
