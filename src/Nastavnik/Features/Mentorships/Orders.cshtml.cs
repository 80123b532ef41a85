using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.Mentorships;

/// <summary>The register of approval orders and their DOCX as issued.</summary>
[Authorize(Policy = Permissions.MentorshipsRead)]
public sealed class OrdersModel(AppDbContext db) : PageModel
{
    public sealed record Item(int Id, string Organization, string Number, DateOnly Date, string? SignedBy, int Pairs);

    public List<Item> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var orders = await db.ApprovalOrders.AsNoTracking().OrderByDescending(o => o.Date).ThenByDescending(o => o.Id).Take(500)
            .Select(o => new { o.Id, o.OrganizationId, o.Number, o.Date, o.SignedBy, Pairs = db.Mentorships.Count(m => m.ApprovalOrderId == o.Id) }).ToListAsync(ct);
        var ids = orders.Select(o => o.OrganizationId).Distinct().ToList();
        var names = await db.Organizations.AsNoTracking().Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        Items = [.. orders.Select(o => new Item(o.Id, names.GetValueOrDefault(o.OrganizationId, ""), o.Number, o.Date, o.SignedBy, o.Pairs))];
    }

    public async Task<IActionResult> OnGetDownloadAsync(int id, CancellationToken ct)
    {
        var o = await db.ApprovalOrders.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (o is null) return NotFound();
        var name = $"Приказ № {o.Number} от {Platform.Web.Formats.Date(o.Date)} Об утверждении наставнических пар, групп.docx".Replace('/', '-');
        return File(o.Document, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", name);
    }
}
