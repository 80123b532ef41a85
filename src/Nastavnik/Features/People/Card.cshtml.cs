using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Features.Consents;
using Nastavnik.Platform.Audit;
using Nastavnik.Platform.Auth;
using Nastavnik.Platform.Web;

namespace Nastavnik.Features.People;

/// <summary>
/// A person's card. Every opening is written to the audit log ("person.view"): the access log must answer
/// who looked at whose data. Consents are recorded and withdrawn here; deficits are kept here.
/// </summary>
[Authorize(Policy = Permissions.PeopleRead)]
public sealed class CardModel(AppDbContext db, AuditLog audit, TimeProvider clock, IAuthorizationService auth, Mentorships.MentorshipService mentorships) : PageModel
{
    public const string ViewAction = "person.view";
    public const string WithdrawnAction = "consent.withdrawn";

    public sealed class DeficitInput
    {
        [Display(Name = "Компетенция"), Required] public int? CompetencyId { get; set; }
        [Display(Name = "Источник")] public DeficitSource Source { get; set; }
        [Display(Name = "Дата выявления"), Required] public DateOnly? IdentifiedOn { get; set; }
        [Display(Name = "Комментарий"), StringLength(1000)] public string? Note { get; set; }
    }

    public sealed class ConsentKindInput
    {
        [Display(Name = "Вид согласия"), Required] public ConsentKind? Kind { get; set; }
        [Display(Name = "Дата подписания"), Required] public DateOnly? SignedOn { get; set; }
    }

    [BindProperty(SupportsGet = true)] public int Id { get; set; }
    // The two forms are bound per handler with an explicit prefix: as page properties, the form not posted fell back to
    // the empty prefix, failed validation under keys no removal caught, and both buttons silently did nothing.
    public DeficitInput NewDeficit { get; set; } = new();
    public ConsentKindInput NewConsent { get; set; } = new();

    public Person Person { get; private set; } = null!;
    public string OrganizationName { get; private set; } = "";
    public string? PartnerName { get; private set; }
    public bool CanSeeSensitive { get; private set; }
    public bool CanWrite { get; private set; }
    /// <summary>Teachers and external specialists have professional deficits; pupils and students have a request instead.</summary>
    public bool IsTeacherLike => Person.Kind is PersonKind.Teacher or PersonKind.External;
    public List<Consent> Consents { get; private set; } = [];
    public List<(Deficit Deficit, string Name)> Deficits { get; private set; } = [];
    public List<string> Strengths { get; private set; } = [];
    /// <summary>The pairs and groups the person is in (as mentor, mentee or peer), as far as the viewer may read pairs.</summary>
    public List<(Mentorships.MentorshipQueries.Row Row, Mentorships.ParticipantRole Role)> Pairs { get; private set; } = [];
    public bool CanReadPairs { get; private set; }
    public List<(int Id, string Name)> CompetencyOptions { get; private set; } = [];
    public DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await LoadAsync()) return NotFound();
        NewDeficit.IdentifiedOn = Today;
        NewConsent.SignedOn = Today;
        await audit.WriteAsync(ViewAction, "person", Person.Id.ToString(), null, Person.OrganizationId);
        return Page();
    }

    public async Task<IActionResult> OnPostAddDeficitAsync([FromForm(Name = "NewDeficit")] DeficitInput newDeficit)
    {
        NewDeficit = newDeficit;
        if (!await LoadAsync()) return NotFound();
        if (!CanWrite) return Forbid();
        NewConsent.SignedOn = Today;
        if (NewDeficit.CompetencyId is { } cid && !await db.Competencies.AnyAsync(c => c.Id == cid))
            ModelState.AddModelError("NewDeficit.CompetencyId", "Выберите компетенцию из каталога.");
        if (NewDeficit.IdentifiedOn > Today) ModelState.AddModelError("NewDeficit.IdentifiedOn", "Дата выявления не может быть в будущем.");
        if (!ModelState.IsValid) return Page();
        db.Deficits.Add(new Deficit { PersonId = Person.Id, CompetencyId = NewDeficit.CompetencyId!.Value, Source = NewDeficit.Source, IdentifiedOn = NewDeficit.IdentifiedOn!.Value, Note = NewDeficit.Note?.Trim() });
        audit.Add(AuditActions.Update, "person", Person.Id.ToString(), "добавлен дефицит", Person.OrganizationId);
        await db.SaveChangesAsync();
        TempData["Flash"] = "Дефицит добавлен.";
        return Redirect($"/people/card/{Id}");
    }

    public async Task<IActionResult> OnPostRemoveDeficitAsync(int deficitId)
    {
        if (!await LoadAsync()) return NotFound();
        if (!CanWrite) return Forbid();
        var d = await db.Deficits.FirstOrDefaultAsync(x => x.Id == deficitId && x.PersonId == Person.Id);
        if (d is null) return NotFound();
        db.Deficits.Remove(d);
        audit.Add(AuditActions.Update, "person", Person.Id.ToString(), "удалён дефицит", Person.OrganizationId);
        await db.SaveChangesAsync();
        TempData["Flash"] = "Дефицит удалён.";
        return Redirect($"/people/card/{Id}");
    }

    public async Task<IActionResult> OnPostAddConsentAsync([FromForm(Name = "NewConsent")] ConsentKindInput newConsent)
    {
        NewConsent = newConsent;
        if (!await LoadAsync()) return NotFound();
        if (!CanWrite) return Forbid();
        NewDeficit.IdentifiedOn = Today;
        if (NewConsent.SignedOn > Today) ModelState.AddModelError("NewConsent.SignedOn", "Дата подписания не может быть в будущем.");
        if (NewConsent.Kind is { } k && ConsentKinds.RevealsSensitive(k) && !CanSeeSensitive)
            ModelState.AddModelError("NewConsent.Kind", "Выберите вид согласия из списка.");
        if (!ModelState.IsValid) return Page();
        var kind = NewConsent.Kind!.Value;
        var text = await ConsentTexts.ResolveAsync(db, kind, ConsentTexts.For(kind));
        var pd = Consents.FirstOrDefault(c => c.Kind == ConsentKind.PersonalData);
        db.Consents.Add(new Consent
        {
            PersonId = Person.Id, Kind = kind, GivenBy = pd?.GivenBy ?? ConsentGiver.Subject, GuardianName = pd?.GuardianName, GuardianAuthority = pd?.GuardianAuthority,
            Operator = pd?.Operator ?? OrganizationName, Text = text,
            SignedOn = NewConsent.SignedOn!.Value, RecordedAt = clock.GetUtcNow().UtcDateTime, RecordedBy = User.Identity?.Name,
        });
        audit.Add(AuditActions.Create, "consent", Person.Id.ToString(), kind.ToString(), Person.OrganizationId);
        await db.SaveChangesAsync();
        TempData["Flash"] = $"{Formats.Name(kind)}: зарегистрировано.";
        return Redirect($"/people/card/{Id}");
    }

    /// <summary>
    /// Withdrawing the personal-data consent hides the person everywhere at once; the purge job destroys the data
    /// 30 days later (a period to answer the request and settle documents, 152-ФЗ art. 21 p. 5).
    /// </summary>
    public async Task<IActionResult> OnPostWithdrawAsync(int consentId, string? reason)
    {
        if (!await LoadAsync()) return NotFound();
        if (!CanWrite) return Forbid();
        var c = await db.Consents.FirstOrDefaultAsync(x => x.Id == consentId && x.PersonId == Person.Id && x.WithdrawnAt == null);
        // A consent hidden from the viewer (health data) is not theirs to withdraw: as if it did not exist.
        if (c is null || (ConsentKinds.RevealsSensitive(c.Kind) && !CanSeeSensitive)) return NotFound();
        var now = clock.GetUtcNow().UtcDateTime;
        c.WithdrawnAt = now;
        c.WithdrawalReason = string.IsNullOrWhiteSpace(reason) ? "заявление субъекта" : reason.Trim();
        if (c.Kind == ConsentKind.PersonalData)
        {
            var person = await db.People.FirstAsync(p => p.Id == Person.Id);
            person.IsWithdrawn = true;
            person.WithdrawnAt = now;
            await mentorships.ParticipantWithdrawnAsync(Person.Id);
        }
        if (c.Kind == ConsentKind.HealthData)
            db.PersonCategories.RemoveRange(db.PersonCategories.Where(x => x.PersonId == Person.Id && x.Category == MenteeCategory.Ovz));
        audit.Add(WithdrawnAction, "person", Person.Id.ToString(), Formats.Name(c.Kind), Person.OrganizationId);
        await db.SaveChangesAsync();
        if (c.Kind == ConsentKind.PersonalData)
        {
            TempData["Flash"] = "Согласие отозвано. Участник исключён из реестров; его данные будут уничтожены через 30 дней с составлением акта.";
            return Redirect("/people");
        }
        TempData["Flash"] = "Согласие отозвано.";
        return Redirect($"/people/card/{Id}");
    }

    private async Task<bool> LoadAsync()
    {
        var p = await db.People.AsNoTracking().Include(x => x.Mentor).ThenInclude(m => m!.Strengths).Include(x => x.Mentee).Include(x => x.Categories)
            .AsSplitQuery().FirstOrDefaultAsync(x => x.Id == Id);
        if (p is null) return false;
        Person = p;
        var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == p.OrganizationId);
        OrganizationName = org.Name;
        PartnerName = p.PartnerOrganizationId is { } pid ? await db.Organizations.AsNoTracking().Where(o => o.Id == pid).Select(o => o.Name).FirstOrDefaultAsync() : null;
        CanSeeSensitive = PersonVisibility.CanSeeSensitive(db.Scope, p);
        CanWrite = (await auth.AuthorizeAsync(User, org, new TenantOperation(Permissions.PeopleWrite))).Succeeded;
        // A health-data consent (even withdrawn) tells that the person has ОВЗ: not listed for those who may not see sensitive categories.
        Consents = [.. (await db.Consents.AsNoTracking().Include(c => c.Text).Where(c => c.PersonId == p.Id).OrderBy(c => c.Kind).ThenBy(c => c.Id).ToListAsync())
            .Where(c => CanSeeSensitive || !ConsentKinds.RevealsSensitive(c.Kind))];
        Deficits = (await db.Deficits.AsNoTracking().Where(d => d.PersonId == p.Id).Include(d => d.Competency).OrderByDescending(d => d.IdentifiedOn).ToListAsync())
            .Select(d => (d, d.Competency!.Group + ": " + d.Competency.Name)).ToList();
        var strengthIds = p.Mentor?.Strengths.Select(s => s.CompetencyId).ToList() ?? [];
        Strengths = await db.Competencies.AsNoTracking().Where(c => strengthIds.Contains(c.Id)).OrderBy(c => c.Name).Select(c => c.Name).ToListAsync();
        // Pairs come through the tenant filter (only the viewer's organisations) and only for those who may read pairs at all.
        CanReadPairs = db.Scope.Has(Permissions.MentorshipsRead);
        if (CanReadPairs)
        {
            var roles = await db.MentorshipParticipants.AsNoTracking().Where(x => x.PersonId == p.Id).ToDictionaryAsync(x => x.MentorshipId, x => x.Role);
            var ids = roles.Keys.ToList();
            Pairs = [.. (await Mentorships.MentorshipQueries.RowsAsync(db.Mentorships.Where(m => ids.Contains(m.Id)).OrderByDescending(m => m.StartDate).ThenByDescending(m => m.Id)))
                .Select(r => (r, roles[r.Id]))];
        }
        CompetencyOptions = (await db.Competencies.AsNoTracking().Where(c => !c.IsArchived).OrderBy(c => c.Group).ThenBy(c => c.Name).ToListAsync())
            .Select(c => (c.Id, c.Group + ": " + c.Name)).ToList();
        return true;
    }
}
