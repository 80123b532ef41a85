using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Features.People;
using Nastavnik.Platform.Audit;
using Nastavnik.Platform.Auth;
using Nastavnik.Platform.Web;

namespace Nastavnik.Features.Consents;

/// <summary>
/// /consents/form?kind=…[&amp;personId=…]: the blank, or pre-filled for a person, as DOCX. For a person who has signed
/// a consent of this kind the form carries the wording they signed (its stored edition), not today's default.
/// </summary>
[Authorize(Policy = Permissions.PeopleWrite)]
public sealed class FormModel(AppDbContext db, AuditLog audit, TimeProvider clock) : PageModel
{
    public async Task<IActionResult> OnGetAsync(ConsentKind kind = ConsentKind.PersonalData, int? personId = null)
    {
        string? name = null, birth = null, guardian = null, authority = null, signed = null;
        var wording = ConsentTexts.For(kind);
        int? version = null;
        var op = "______________________________ (наименование образовательной организации)";
        string? opAddress = null;
        if (personId is not null)
        {
            var p = await db.People.AsNoTracking().Include(x => x.Organization).FirstOrDefaultAsync(x => x.Id == personId);
            // Whether a health-data consent exists tells that the person has ОВЗ: not for those who may not see sensitive categories.
            if (p is null || (ConsentKinds.RevealsSensitive(kind) && !PersonVisibility.CanSeeSensitive(db.Scope, p))) return NotFound();
            name = p.FullName;
            birth = p.BirthDate is { } b ? Formats.Date(b) : null;
            op = p.Organization!.Name + (p.Organization.Address is { } a ? ", " + a : "");
            opAddress = p.Organization.Address;
            var c = await db.Consents.AsNoTracking().Include(x => x.Text).Where(x => x.PersonId == p.Id && x.Kind == kind).OrderByDescending(x => x.Id).FirstOrDefaultAsync();
            if (c?.Text is { } text)
            {
                wording = text.Wording;
                version = text.Version;
                op = c.Operator;
            }
            var sensitive = PersonVisibility.CanSeeSensitive(db.Scope, p);
            if (c?.GivenBy == ConsentGiver.Guardian || (p.IsMinorOn(DateOnly.FromDateTime(clock.GetLocalNow().DateTime)) && sensitive))
            {
                guardian = sensitive ? c?.GuardianName ?? p.GuardianName ?? "______________________" : "______________________";
                authority = sensitive ? c?.GuardianAuthority ?? p.GuardianBasis : null;
            }
            signed = c is null ? null : Formats.LongDate(c.SignedOn);
            await audit.WriteAsync(AuditActions.Export, "person", p.Id.ToString(), $"бланк DOCX «{Formats.Name(kind)}»", p.OrganizationId);
        }
        var bytes = ConsentDocx.Build(new ConsentDocx.Filled(kind, name, birth, guardian, authority, op, wording, signed, version, opAddress));
        // Each kind its own name: a person's two forms downloaded one after the other must not overwrite each other.
        var file = personId is null ? $"{ConsentKinds.FileTitle(kind)} — бланк.docx" : $"{ConsentKinds.FileTitle(kind)} — {name}.docx";
        return File(bytes, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", file);
    }
}
