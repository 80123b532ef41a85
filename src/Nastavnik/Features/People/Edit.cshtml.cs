using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Features.Consents;
using Nastavnik.Features.Organizations;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.People;

/// <summary>Add a person (with the consent in the same form: no consent, no entry) or edit one.</summary>
[Authorize(Policy = Permissions.PeopleWrite)]
public sealed class EditModel(AppDbContext db, PersonRegistration registration) : PageModel
{
    public sealed record Option(int Id, string Name);

    [BindProperty(SupportsGet = true)] public int? Id { get; set; }
    // Explicit prefixes: without one, ASP.NET falls back to the empty prefix when no "Consent.*" field is posted
    // (every edit), validates the consent under keys such as "SignedOn" and the form silently refuses to save.
    [BindProperty(Name = "Input")] public PersonInput Input { get; set; } = new();
    /// <summary>Only a new person signs a consent here; it is bound in <see cref="OnPostAsync"/> for creation only.</summary>
    public ConsentInput Consent { get; set; } = new();

    public List<Option> Organizations { get; private set; } = [];
    public List<Option> Partners { get; private set; } = [];
    public List<(string Group, List<Option> Items)> Competencies { get; private set; } = [];
    public bool CanSeeSensitive { get; private set; }
    /// <summary>The person this new entry would repeat, to link to instead of creating a second one.</summary>
    public Person? Duplicate { get; private set; }
    /// <summary>The save was refused for ОВЗ without a health consent: the page links to the card where that consent is registered.</summary>
    public bool HealthConsentMissing => ModelState.TryGetValue("Input.Categories", out var e) && e.Errors.Any(x => x.ErrorMessage == PersonRules.HealthConsentMissing);
    public ConsentTexts.Wording ConsentDefaults => ConsentTexts.For(ConsentKind.PersonalData);

    public async Task<IActionResult> OnGetAsync()
    {
        await LoadAsync();
        if (Id is null)
        {
            if (Organizations.Count == 1) Input.OrganizationId = Organizations[0].Id;
            Input.Kind = PersonKind.Teacher;
            Consent.SignedOn = registration.Today;
            CanSeeSensitive = db.Scope.Has(Permissions.PeopleSensitiveRead);
            return Page();
        }
        var p = await Find();
        if (p is null) return NotFound();
        CanSeeSensitive = PersonVisibility.CanSeeSensitive(db.Scope, p);
        Input = PersonRegistration.ToInput(p, CanSeeSensitive);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await LoadAsync();
        if (Id is null) await TryUpdateModelAsync(Consent, "Consent");
        Person? existing = null;
        if (Id is not null)
        {
            existing = await Find();
            if (existing is null) return NotFound();
            CanSeeSensitive = PersonVisibility.CanSeeSensitive(db.Scope, existing);
        }
        else CanSeeSensitive = db.Scope.Has(Permissions.PeopleSensitiveRead);
        if (!ModelState.IsValid) return Page();

        List<PersonRegistration.Error> errors;
        int personId;
        if (existing is null)
        {
            var (created, e) = await registration.CreateAsync(Input, Consent);
            errors = e;
            personId = created?.Id ?? 0;
        }
        else
        {
            errors = await registration.UpdateAsync(existing, Input);
            personId = existing.Id;
        }
        if (errors.Count > 0)
        {
            if (existing is null && errors.Any(e => e.Message == PersonRegistration.DuplicateMessage) && Input.OrganizationId is { } orgId)
                Duplicate = await registration.FindDuplicateAsync(orgId, PersonRegistration.Name(Input.LastName!), PersonRegistration.Name(Input.FirstName!),
                    string.IsNullOrWhiteSpace(Input.MiddleName) ? null : PersonRegistration.Name(Input.MiddleName), Input.BirthDate);
            foreach (var e in errors)
                ModelState.AddModelError(e.Field.Length == 0 ? "" : e.Field.StartsWith("Consent.", StringComparison.Ordinal) ? e.Field : "Input." + e.Field, e.Message);
            return Page();
        }
        TempData["Flash"] = existing is null ? "Участник внесён в реестр. Согласие на обработку персональных данных зарегистрировано." : "Изменения сохранены.";
        return Redirect($"/people/card/{personId}");
    }

    private Task<Person?> Find() => db.People.Include(p => p.Mentor).ThenInclude(m => m!.Strengths).Include(p => p.Mentee).Include(p => p.Categories)
        .AsSplitQuery().FirstOrDefaultAsync(p => p.Id == Id);

    private async Task LoadAsync()
    {
        var writable = db.Scope.For(Permissions.PeopleWrite);
        Organizations = (await db.Organizations.AsNoTracking().Where(o => !o.IsArchived && o.Kind != OrganizationKind.Partner).OrderBy(o => o.Name).ToListAsync())
            .Where(o => writable.CoversOrganization(o.RegionId, o.MunicipalityId, o.Id)).Select(o => new Option(o.Id, o.Name)).ToList();
        Partners = await db.Organizations.AsNoTracking().Where(o => !o.IsArchived && o.Kind == OrganizationKind.Partner).OrderBy(o => o.Name).Select(o => new Option(o.Id, o.Name)).ToListAsync();
        Competencies = (await db.Competencies.AsNoTracking().Where(c => !c.IsArchived).OrderBy(c => c.Group).ThenBy(c => c.Name).ToListAsync())
            .GroupBy(c => c.Group).Select(g => (g.Key, g.Select(c => new Option(c.Id, c.Name)).ToList())).ToList();
    }
}
