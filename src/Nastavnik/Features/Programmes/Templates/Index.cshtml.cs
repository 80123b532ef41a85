using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.Programmes.Templates;

/// <summary>The bank of programme templates the user sees (built-in, their region's, municipality's, school's), filtered by form, direction and level.</summary>
[Authorize(Policy = Permissions.ProgrammeTemplatesRead)]
public sealed class IndexModel(AppDbContext db) : PageModel
{
    public sealed record Row(ProgrammeTemplate T, string Form, string Owner, int Items, bool CanWrite);
    public sealed record FormOption(string Code, string Name);

    [BindProperty(SupportsGet = true)] public string? Form { get; set; }
    [BindProperty(SupportsGet = true)] public ProgramDirection? Direction { get; set; }
    [BindProperty(SupportsGet = true)] public TemplateLevel? Level { get; set; }
    [BindProperty(SupportsGet = true)] public bool Archived { get; set; }

    public List<Row> Rows { get; } = [];
    public List<FormOption> Forms { get; private set; } = [];
    public bool CanCreate { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var all = await db.ProgrammeTemplates.AsNoTracking().Include(t => t.Form).Where(t => t.IsArchived == Archived).ToListAsync(ct);
        Forms = [.. all.Select(t => t.Form!).DistinctBy(f => f.Code).OrderBy(f => f.SortOrder).ThenBy(f => f.Name).Select(f => new FormOption(f.Code, f.Name))];
        var list = all.Where(t => (string.IsNullOrEmpty(Form) || t.Form!.Code == Form)
                && (Direction is null || t.DirectionList.Contains(Direction.Value))
                && (Level is null || t.Level == Level))
            .OrderBy(t => t.Form!.SortOrder).ThenBy(t => t.Level).ThenBy(t => t.Title).ToList();
        var ids = list.Select(t => t.Id).ToList();
        var counts = await db.ProgrammeTemplateItems.AsNoTracking().Where(i => ids.Contains(i.TemplateId)).GroupBy(i => i.TemplateId)
            .Select(g => new { g.Key, N = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.N, ct);
        var owners = await ProgrammeTemplateAccess.OwnerLabelsAsync(db, list, ct);
        foreach (var t in list)
            Rows.Add(new Row(t, t.Form!.Name, owners[t.Id], counts.GetValueOrDefault(t.Id), ProgrammeTemplateAccess.CanWrite(db.Scope, t)));
        CanCreate = (await ProgrammeTemplateAccess.OwnersAsync(db, ct)).Count > 0;
    }
}
