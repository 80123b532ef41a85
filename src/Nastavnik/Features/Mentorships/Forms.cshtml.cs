using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Features.People;
using Nastavnik.Platform.Audit;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.Mentorships;

/// <summary>
/// Forms and kinds of mentoring for one region. Saving a default entry creates the region's own copy with the same
/// code (it replaces the default for that region only); "не используется" archives it for the region.
/// </summary>
[Authorize(Policy = Permissions.MentoringFormsManage)]
public sealed class FormsModel(AppDbContext db, AuditLog audit) : PageModel
{
    public sealed record FormRow(string Code, string Name, List<PersonKind> Mentors, List<PersonKind> Mentees, bool ForbidsManager, bool IsArchived, bool IsRegional);
    public sealed record KindRow(string Code, string Name, bool IsArchived, bool IsRegional);

    [BindProperty(SupportsGet = true)] public int? Region { get; set; }
    public List<(int Id, string Name)> Regions { get; private set; } = [];
    public List<FormRow> Forms { get; private set; } = [];
    public List<KindRow> Kinds { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ? Page() : NotFound();

    public async Task<IActionResult> OnPostFormAsync(string code, string? name, List<PersonKind> mentors, List<PersonKind> mentees, bool forbidsManager, bool archived)
    {
        if (!await LoadAsync()) return NotFound();
        var current = Forms.FirstOrDefault(f => f.Code == code);
        if (string.IsNullOrWhiteSpace(code) || code.Length > 50) return Flash("Укажите код формы (латиницей, до 50 символов).");
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 200) return Flash("Укажите название формы (до 200 символов).");
        if (mentors.Count == 0 || mentees.Count == 0) return Flash("Отметьте, кто может быть наставником и кто наставляемым.");
        var own = await db.MentoringForms.FirstOrDefaultAsync(f => f.RegionId == Region && f.Code == code);
        if (own is null)
        {
            own = new MentoringForm { RegionId = Region, Code = code.Trim(), Name = "", MentorKinds = "", MenteeKinds = "", SortOrder = current is null ? 100 : Forms.IndexOf(current) };
            db.MentoringForms.Add(own);
        }
        own.Name = name.Trim();
        own.MentorKinds = string.Join(',', mentors.Distinct());
        own.MenteeKinds = string.Join(',', mentees.Distinct());
        own.ForbidsManagerOverSubordinate = forbidsManager;
        own.IsArchived = archived;
        audit.Add(AuditActions.Update, "mentoring-form", code, $"регион {Region}");
        await db.SaveChangesAsync();
        return Flash($"Форма «{own.Name}» сохранена для региона.", ok: true);
    }

    public async Task<IActionResult> OnPostKindAsync(string code, string? name, bool archived)
    {
        if (!await LoadAsync()) return NotFound();
        var current = await db.MentoringKinds.IgnoreQueryFilters().AsNoTracking().Where(k => k.Code == code && (k.RegionId == null || k.RegionId == Region))
            .OrderByDescending(k => k.RegionId.HasValue).FirstOrDefaultAsync();
        if (current is null) return NotFound();
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 200) return Flash("Укажите название вида (до 200 символов).");
        var own = await db.MentoringKinds.FirstOrDefaultAsync(k => k.RegionId == Region && k.Code == code);
        if (own is null)
        {
            own = new MentoringKind { RegionId = Region, Code = code, Name = "", MinMentees = current.MinMentees, MaxMentees = current.MaxMentees, PeersOnly = current.PeersOnly, SortOrder = current.SortOrder };
            db.MentoringKinds.Add(own);
        }
        own.Name = name.Trim();
        own.IsArchived = archived;
        audit.Add(AuditActions.Update, "mentoring-kind", code, $"регион {Region}");
        await db.SaveChangesAsync();
        return Flash($"Вид «{own.Name}» сохранён для региона.", ok: true);
    }

    private RedirectResult Flash(string text, bool ok = false)
    {
        TempData[ok ? "Flash" : "FlashError"] = text;
        return Redirect($"/mentorships/forms?region={Region}");
    }

    private async Task<bool> LoadAsync()
    {
        var scope = db.Scope.For(Permissions.MentoringFormsManage);
        Regions = (await db.Regions.AsNoTracking().Where(r => !r.IsArchived).OrderBy(r => r.Name).ToListAsync()).Where(r => scope.CoversRegion(r.Id)).Select(r => (r.Id, r.Name)).ToList();
        Region ??= Regions.FirstOrDefault().Id;
        // No region at all yet: an empty page. A region outside the scope: not found.
        if (Regions.All(r => r.Id != Region)) return Regions.Count == 0;
        // Archived entries are shown too, so that a region can bring a form back.
        var forms = await db.MentoringForms.IgnoreQueryFilters().AsNoTracking().Where(f => f.RegionId == null || f.RegionId == Region).ToListAsync();
        Forms = [.. forms.GroupBy(f => f.Code).Select(g => g.OrderByDescending(f => f.RegionId.HasValue).First()).OrderBy(f => f.SortOrder).ThenBy(f => f.Name)
            .Select(f => new FormRow(f.Code, f.Name, [.. f.MentorKindList], [.. f.MenteeKindList], f.ForbidsManagerOverSubordinate, f.IsArchived, f.RegionId is not null))];
        var kinds = await db.MentoringKinds.IgnoreQueryFilters().AsNoTracking().Where(f => f.RegionId == null || f.RegionId == Region).ToListAsync();
        Kinds = [.. kinds.GroupBy(f => f.Code).Select(g => g.OrderByDescending(f => f.RegionId.HasValue).First()).OrderBy(f => f.SortOrder).ThenBy(f => f.Name)
            .Select(k => new KindRow(k.Code, k.Name, k.IsArchived, k.RegionId is not null))];
        return true;
    }
}
