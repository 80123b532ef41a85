using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Platform.Audit;
using Nastavnik.Platform.Auth;
using Nastavnik.Platform.Web;

namespace Nastavnik.Features.Events;

/// <summary>Грамоты и номинации per person (seed 001 §11) and the order «О поощрении» that lists the ones not yet in an order.</summary>
[Authorize(Policy = Permissions.EventsWrite)]
public sealed class AwardsModel(AppDbContext db, AuditLog audit, TimeProvider clock) : PageModel
{
    public sealed class InputModel
    {
        [Display(Name = "Кого"), Required] public int? PersonId { get; set; }
        [Display(Name = "Вид"), Required] public AwardKind? Kind { get; set; }
        [Display(Name = "Формулировка"), Required, StringLength(300)] public string? Title { get; set; }
        [Display(Name = "Дата"), Required] public DateOnly? AwardedOn { get; set; }
    }

    public sealed class OrderInput
    {
        [Display(Name = "Номер приказа"), Required, StringLength(50)] public string? Number { get; set; }
        [Display(Name = "Дата приказа"), Required] public DateOnly? Date { get; set; }
        [Display(Name = "Кто подписывает (должность, И. О. Фамилия)"), Required, StringLength(200)] public string? Signer { get; set; }
    }

    public sealed record Row(int Id, string Person, string Organization, AwardKind Kind, string Title, DateOnly AwardedOn, string? OrderNumber);

    // Bound per handler, not with [BindProperty]: the two forms on the page must not validate each other.
    public InputModel Input { get; set; } = new();
    public OrderInput Order { get; set; } = new();
    public List<Row> Items { get; private set; } = [];
    public List<(int Id, string Name)> People { get; private set; } = [];

    public async Task OnGetAsync()
    {
        await LoadAsync();
        Input.AwardedOn = Order.Date = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        Input.Title = "За активное участие в наставнической деятельности";
    }

    public async Task<IActionResult> OnPostAddAsync([FromForm(Name = "Input")] InputModel input)
    {
        Input = input;
        await LoadAsync();
        if (Input.PersonId is { } pid && People.All(p => p.Id != pid)) ModelState.AddModelError("Input.PersonId", "Выберите человека из реестра.");
        if (!ModelState.IsValid) return Page();
        db.Awards.Add(new Award { PersonId = Input.PersonId!.Value, Kind = Input.Kind!.Value, Title = Input.Title!.Trim(), AwardedOn = Input.AwardedOn!.Value });
        audit.Add(AuditActions.Create, "award", Input.PersonId.ToString());
        await db.SaveChangesAsync();
        TempData["Flash"] = "Поощрение записано.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostOrderAsync([FromForm(Name = "Order")] OrderInput order)
    {
        Order = order;
        await LoadAsync();
        if (!ModelState.IsValid) return Page();
        var pending = Items.Where(i => i.OrderNumber is null).ToList();
        if (pending.Count == 0)
        {
            ModelState.AddModelError("", "Все поощрения уже включены в приказы.");
            return Page();
        }
        var ids = pending.Select(p => p.Id).ToList();
        var awards = await db.Awards.Where(a => ids.Contains(a.Id)).ToListAsync();
        foreach (var a in awards) a.OrderNumber = Order.Number!.Trim();
        var issuer = await db.Organizations.AsNoTracking().Where(o => db.People.Where(p => p.Id == awards[0].PersonId).Select(p => p.OrganizationId).Contains(o.Id)).Select(o => o.Name).FirstOrDefaultAsync() ?? "";
        audit.Add(AuditActions.Export, "award", null, "приказ о поощрении № " + Order.Number);
        await db.SaveChangesAsync();
        var bytes = AwardsOrderDocx.Build(issuer, Order.Number!.Trim(), Formats.LongDate(Order.Date!.Value),
            [.. pending.Select(p => new AwardsOrderDocx.Line(p.Person, p.Organization, $"{Formats.Name(p.Kind)}: {p.Title}"))], Order.Signer!.Trim());
        return File(bytes, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", $"Приказ о поощрении № {Order.Number!.Trim()}.docx");
    }

    private async Task LoadAsync()
    {
        var visible = db.People.AsNoTracking();
        Items = await db.Awards.AsNoTracking().Join(visible, a => a.PersonId, p => p.Id, (a, p) => new { a, p })
            .OrderByDescending(j => j.a.AwardedOn).ThenBy(j => j.p.LastName).ThenBy(j => j.a.Id).Take(1000)
            .Select(j => new Row(j.a.Id, j.p.LastName + " " + j.p.FirstName + (j.p.MiddleName != null ? " " + j.p.MiddleName : ""),
                j.p.Organization!.Name, j.a.Kind, j.a.Title, j.a.AwardedOn, j.a.OrderNumber))
            .ToListAsync();
        People = (await visible.OrderBy(p => p.LastName).ThenBy(p => p.FirstName).Take(2000)
            .Select(p => new { p.Id, Name = p.LastName + " " + p.FirstName + (p.MiddleName != null ? " " + p.MiddleName : "") + ", " + p.Organization!.Name }).ToListAsync())
            .Select(p => (p.Id, p.Name)).ToList();
    }
}
