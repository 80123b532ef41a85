using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Features.Consents;
using Nastavnik.Platform.Audit;
using Nastavnik.Platform.Auth;
using Nastavnik.Platform.Documents;
using Nastavnik.Platform.Web;

namespace Nastavnik.Features.People;

/// <summary>
/// Акты уничтожения персональных данных: what the purge job destroyed 30 days after a withdrawal (whose data by
/// initials and former number, which data, why, when), kept 3 years. Each record prints as an act for the operator's
/// signature (the form follows the РКН order of 28.10.2022 № 179: operator, subject, data, method, reason, date).
/// Read by those who handle special categories of data in the viewer's organisations (the records' own tenant filter).
/// </summary>
[Authorize(Policy = Permissions.PeopleSensitiveRead)]
public sealed class DestructionsModel(AppDbContext db, AuditLog audit) : PageModel
{
    public sealed record Row(int Id, DateTime DestroyedAt, DateTime WithdrawnAt, string Organization, string Subject, string DataDestroyed, string Reason, DateTime KeepUntil);

    public List<Row> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var records = await db.DestructionRecords.AsNoTracking().OrderByDescending(r => r.DestroyedAt).ThenByDescending(r => r.Id).Take(500).ToListAsync(ct);
        var names = await OrganizationNamesAsync(records.Select(r => r.OrganizationId), ct);
        Items = [.. records.Select(r => new Row(r.Id, r.DestroyedAt, r.WithdrawnAt, names.GetValueOrDefault(r.OrganizationId, ""), r.Subject, r.DataDestroyed, r.Reason, r.KeepUntil))];
    }

    public async Task<IActionResult> OnGetActAsync(int id, CancellationToken ct)
    {
        var r = await db.DestructionRecords.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (r is null) return NotFound();
        var org = await db.Organizations.AsNoTracking().Where(o => o.Id == r.OrganizationId).Select(o => new { o.Name, o.Address }).FirstOrDefaultAsync(ct);
        await audit.WriteAsync("person.destruction-act", "person", r.FormerPersonId.ToString(CultureInfo.InvariantCulture), $"акт № {r.Id}", r.OrganizationId, ct: ct);
        return File(Act(r, org?.Name ?? "", org?.Address), "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            $"Акт об уничтожении персональных данных № {r.Id}.docx");
    }

    internal static byte[] Act(DestructionRecord r, string organization, string? address)
    {
        var d = new DocxBuilder();
        d.Heading($"Акт № {r.Id} об уничтожении персональных данных").EmptyLine();
        d.Paragraph($"Оператор: {organization}" + (string.IsNullOrWhiteSpace(address) ? "" : $", {address}") + ".", align: DocAlign.Both);
        d.Paragraph($"Субъект персональных данных: {r.Subject}.", align: DocAlign.Both);
        d.Paragraph($"Уничтоженные персональные данные: {r.DataDestroyed}.", align: DocAlign.Both);
        d.Paragraph($"Основание: {r.Reason}. Согласие отозвано {Formats.Date(r.WithdrawnAt)}.", align: DocAlign.Both);
        d.Paragraph("Способ уничтожения: удаление записей из базы данных информационной системы «Наставник» без возможности восстановления; "
            + "записи журнала действий сохраняют только внутренний номер участника.", align: DocAlign.Both);
        d.Paragraph($"Дата уничтожения: {Formats.Date(r.DestroyedAt)}. Акт хранится до {Formats.Date(r.KeepUntil)}.", align: DocAlign.Both).EmptyLine().EmptyLine();
        d.SideBySide([new DocLine("Ответственный за организацию обработки персональных данных")], [new DocLine("____________ / ____________________")]);
        return d.ToArray();
    }

    private async Task<Dictionary<int, string>> OrganizationNamesAsync(IEnumerable<int> ids, CancellationToken ct)
    {
        var list = ids.Distinct().ToList();
        return await db.Organizations.AsNoTracking().Where(o => list.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
    }
}
