using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Features.Mentorships;
using Nastavnik.Features.People;
using Nastavnik.Features.Programmes;
using Nastavnik.Platform.Audit;
using Nastavnik.Platform.Web;

namespace Nastavnik.Features.IndividualRoutes;

/// <summary>
/// One ИОМ: the teacher, the deficits it addresses, the steps with hours, dues and evidence, and the progress. Staff who
/// write routes add and remove steps; they and the teacher mark steps. Every opening is a read of the person's data and
/// goes to the audit log as a card view, so the access log answers who saw it.
/// </summary>
[Microsoft.AspNetCore.Authorization.Authorize(Policy = Platform.Auth.Permissions.IndividualRoutesRead)]
public sealed class CardModel(AppDbContext db, IndividualRouteAccess access, AuditLog audit, TimeProvider clock) : PageModel
{
    public sealed record DeficitRow(string Group, string Competency, string Source, DateOnly IdentifiedOn);
    public sealed record ProgrammeLink(int Id, string Period);

    [BindProperty(SupportsGet = true)] public int Id { get; set; }

    public IndividualRoute R { get; private set; } = null!;
    public Person P { get; private set; } = null!;
    public string OrganizationName { get; private set; } = "";
    public string? Tutor { get; private set; }
    public IndividualRouteAccess.Result Access { get; private set; } = IndividualRouteAccess.Result.None;
    public List<DeficitRow> Deficits { get; private set; } = [];
    public List<IndividualRouteItem> Items { get; private set; } = [];
    public List<ProgrammeLink> ProgrammeLinks { get; private set; } = [];
    public RouteProgress Progress => RouteProgress.Of(Items);
    public DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        await audit.WriteAsync(CardModelViewAction, "person", P.Id.ToString(WebHost.Russian), $"ИОМ №{R.Id}", P.OrganizationId, ct: ct);
        return Page();
    }

    public async Task<IActionResult> OnGetDocxAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        await audit.WriteAsync(AuditActions.Export, "person", P.Id.ToString(WebHost.Russian), $"ИОМ №{R.Id}, DOCX", P.OrganizationId, ct: ct);
        var bytes = IndividualRouteDocx.Build(new IndividualRouteDocx.Data(OrganizationName, P, R, Tutor, Deficits.Select(d => d.Competency).ToList(), Items));
        return File(bytes, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", $"iom-{R.Id}.docx");
    }

    public async Task<IActionResult> OnPostItemAsync(string? title, RouteItemKind kind, string? organizer, int? hours, DateOnly? dueOn, CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        if (!Access.Write) return Forbid();
        if (string.IsNullOrWhiteSpace(title)) ModelState.AddModelError("", "Укажите название курса или мероприятия.");
        if (hours is < 0 or > 2000) ModelState.AddModelError("", "Часы — число от 0 до 2000.");
        if (!Enum.IsDefined(kind)) ModelState.AddModelError("", "Выберите вид из списка.");
        if (!ModelState.IsValid) return Page();
        db.IndividualRouteItems.Add(new IndividualRouteItem
        {
            RouteId = R.Id, Title = Cut(title, 1000)!, Kind = kind, Organizer = Cut(organizer, 300), Hours = hours, DueOn = dueOn, Status = ActivityStatus.Planned,
        });
        audit.Add(AuditActions.Update, "person", P.Id.ToString(WebHost.Russian), $"ИОМ №{R.Id}: добавлено «{Cut(title, 200)}»", P.OrganizationId);
        await db.SaveChangesAsync(ct);
        TempData["Flash"] = "Добавлено в маршрут.";
        return Redirect($"/individualroutes/card/{Id}#items");
    }

    public async Task<IActionResult> OnPostMarkAsync(int itemId, ActivityStatus status, string? evidence, CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        if (!Access.Mark) return Forbid();
        var item = await db.IndividualRouteItems.FirstOrDefaultAsync(x => x.Id == itemId && x.RouteId == R.Id, ct);
        if (item is null) return NotFound();
        if (!Enum.IsDefined(status))
        {
            ModelState.AddModelError("", "Выберите состояние из списка.");
            return Page();
        }
        item.Status = status;
        item.Evidence = Cut(evidence, 1000) ?? item.Evidence;
        item.DoneOn = status == ActivityStatus.Done ? Today : null;
        audit.Add(AuditActions.Update, "person", P.Id.ToString(WebHost.Russian), $"ИОМ №{R.Id}: «{Cut(item.Title, 200)}» — {Formats.Name(status)}", P.OrganizationId);
        await db.SaveChangesAsync(ct);
        TempData["Flash"] = $"«{item.Title}»: {Formats.Name(status)}.";
        return Redirect($"/individualroutes/card/{Id}#items");
    }

    public async Task<IActionResult> OnPostRemoveAsync(int itemId, CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        if (!Access.Write) return Forbid();
        var item = await db.IndividualRouteItems.FirstOrDefaultAsync(x => x.Id == itemId && x.RouteId == R.Id, ct);
        if (item is null) return NotFound();
        db.IndividualRouteItems.Remove(item);
        audit.Add(AuditActions.Update, "person", P.Id.ToString(WebHost.Russian), $"ИОМ №{R.Id}: удалено «{Cut(item.Title, 200)}»", P.OrganizationId);
        await db.SaveChangesAsync(ct);
        TempData["Flash"] = $"«{item.Title}» удалено из маршрута.";
        return Redirect($"/individualroutes/card/{Id}#items");
    }

    /// <summary>The same action as a person's card view, so the access log lists it with the others.</summary>
    private const string CardModelViewAction = People.CardModel.ViewAction;

    private static string? Cut(string? s, int max) => string.IsNullOrWhiteSpace(s) ? null : s.Trim() is var t && t.Length > max ? t[..max] : s.Trim();

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var r = await db.IndividualRoutes.AsNoTracking().Include(x => x.Person).FirstOrDefaultAsync(x => x.Id == Id, ct);
        if (r is null) return false;
        Access = await access.ForAsync(r, ct);
        if (!Access.Read) return false;
        (R, P) = (r, r.Person!);
        OrganizationName = await db.Organizations.AsNoTracking().Where(o => o.Id == r.OrganizationId).Select(o => o.Name).FirstAsync(ct);
        Tutor = r.TutorUserId is { } tid ? await db.Users.AsNoTracking().Where(u => u.Id == tid).Select(u => u.FullName).FirstOrDefaultAsync(ct) : r.TutorName;
        if (r.TutorUserId is not null && r.TutorName is not null) Tutor = $"{Tutor} ({r.TutorName})";
        Deficits = [.. (await db.IndividualRouteDeficits.AsNoTracking().Where(x => x.RouteId == r.Id)
                .Join(db.Deficits, x => x.DeficitId, d => d.Id, (x, d) => d)
                .Join(db.Competencies, d => d.CompetencyId, c => c.Id, (d, c) => new { c.Group, c.Name, d.Source, d.IdentifiedOn }).ToListAsync(ct))
            .OrderBy(x => x.Group).ThenBy(x => x.Name).Select(x => new DeficitRow(x.Group, x.Name, Formats.Name(x.Source), x.IdentifiedOn))];
        Items = await db.IndividualRouteItems.AsNoTracking().Where(x => x.RouteId == r.Id).OrderBy(x => x.DueOn == null).ThenBy(x => x.DueOn).ThenBy(x => x.Id).ToListAsync(ct);
        // The programme(s) of the teacher as a mentee, to go back and forth between the two plans.
        var pairs = db.MentorshipParticipants.Where(x => x.PersonId == r.PersonId && x.Role != ParticipantRole.Mentor).Select(x => x.MentorshipId);
        ProgrammeLinks = [.. (await db.MentoringPrograms.AsNoTracking().Where(x => pairs.Contains(x.MentorshipId)).OrderByDescending(x => x.StartDate).ToListAsync(ct))
            .Select(x => new ProgrammeLink(x.Id, ProgrammeService.Period(x)))];
        return true;
    }
}
