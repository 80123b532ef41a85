using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.Mentorships;

/// <summary>
/// The head approves proposed pairs and groups by one order «Об утверждении наставнических пар/групп». Missing
/// consents are listed by name; the order is registered with its number and date and produced as DOCX.
/// </summary>
[Authorize(Policy = Permissions.MentorshipsApprove)]
public sealed class ApproveModel(AppDbContext db, MentorshipService service, IAuthorizationService auth, UserManager<AppUser> users) : PageModel
{
    public sealed class InputModel
    {
        public int? OrganizationId { get; set; }
        public List<int> Ids { get; set; } = [];
        [Display(Name = "Номер приказа"), Required, StringLength(50)] public string? Number { get; set; }
        [Display(Name = "Дата приказа"), Required] public DateOnly? Date { get; set; }
    }

    [BindProperty] public InputModel Input { get; set; } = new();
    [BindProperty(SupportsGet = true)] public int? Org { get; set; }

    public List<(int Id, string Name)> Organizations { get; private set; } = [];
    public List<MentorshipQueries.Row> Proposed { get; private set; } = [];
    public Dictionary<int, List<string>> Missing { get; private set; } = [];
    /// <summary>Per proposed pair: its mentees who are also in an earlier pair on approval (or already approved) of the same form.</summary>
    public Dictionary<int, List<string>> Duplicates { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(Org, ct);
        Input.OrganizationId = Org;
        Input.Date = service.Today;
        Input.Ids = [.. Proposed.Where(p => Missing[p.Id].Count == 0 && Duplicates[p.Id].Count == 0).Select(p => p.Id)];
        if (Org is { } org)
        {
            var year = service.Today.Year;
            var count = await db.ApprovalOrders.CountAsync(o => o.OrganizationId == org && o.Year == year, ct);
            Input.Number = (count + 1).ToString(CultureInfo.InvariantCulture);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(Input.OrganizationId, ct);
        if (Input.OrganizationId is not { } orgId || !await MentorshipQueries.AllowedAsync(auth, User, db, orgId, Permissions.MentorshipsApprove))
            ModelState.AddModelError("", "Выберите организацию, пары которой вы утверждаете.");
        if (!ModelState.IsValid) return Page();
        var me = await users.GetUserAsync(User);
        var result = await service.ApproveAsync(Input.OrganizationId!.Value, Input.Ids, Input.Number!, Input.Date!.Value, me?.FullName, ct);
        if (result.Order is null)
        {
            foreach (var e in result.Errors) ModelState.AddModelError("", e);
            db.ChangeTracker.Clear();
            await LoadAsync(Input.OrganizationId, ct);
            return Page();
        }
        TempData["Flash"] = $"Приказ № {result.Order.Number} от {Platform.Web.Formats.Date(result.Order.Date)} зарегистрирован; утверждено пар/групп: {Input.Ids.Distinct().Count()}.";
        return Redirect("/mentorships/orders");
    }

    private async Task LoadAsync(int? orgId, CancellationToken ct)
    {
        var approving = db.Scope.For(Permissions.MentorshipsApprove);
        var orgs = await db.Organizations.AsNoTracking().Where(o => db.Mentorships.Any(m => m.OrganizationId == o.Id && m.Status == MentorshipStatus.Proposed))
            .OrderBy(o => o.Name).Select(o => new { o.Id, o.Name, o.RegionId, o.MunicipalityId }).ToListAsync(ct);
        Organizations = [.. orgs.Where(o => approving.CoversOrganization(o.RegionId, o.MunicipalityId, o.Id)).Select(o => (o.Id, o.Name))];
        if ((orgId is null || Organizations.All(o => o.Id != orgId)) && Organizations.Count > 0) orgId = Organizations[0].Id;
        Org = orgId;
        if (orgId is null) return;
        Proposed = await MentorshipQueries.RowsAsync(db.Mentorships.Where(m => m.OrganizationId == orgId && m.Status == MentorshipStatus.Proposed).OrderBy(m => m.Id), ct);
        Missing = await service.MissingConsentsAsync([.. Proposed.Select(p => p.Id)], ct: ct);
        Duplicates = await service.DuplicateMenteesAsync([.. Proposed.Select(p => p.Id)], ct);
    }
}
