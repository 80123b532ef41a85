using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Nastavnik.Features.Roadmaps;

/// <summary>The local acts a school adopts to run the target model (seed 003, item 1.7; seed 001, §12).</summary>
public enum LocalActKind
{
    [Display(Name = "Приказ о внедрении целевой модели наставничества")] ImplementationOrder,
    [Display(Name = "Положение о наставничестве")] Regulation,
    [Display(Name = "Приказ о назначении куратора")] CuratorOrder,
    [Display(Name = "Приказ об утверждении наставнических пар/групп")] PairsOrder,
}

/// <summary>A local act of an organisation for a school year: its number and date of adoption.</summary>
public sealed class LocalAct
{
    public int Id { get; set; }
    public int RegionId { get; set; }
    public int MunicipalityId { get; set; }
    public int OrganizationId { get; set; }
    public int SchoolYearStart { get; set; }
    public LocalActKind Kind { get; set; }
    public string? Number { get; set; }
    public DateOnly AdoptedOn { get; set; }
    public string? Note { get; set; }
}

internal sealed class LocalActConfiguration : IEntityTypeConfiguration<LocalAct>
{
    public void Configure(EntityTypeBuilder<LocalAct> b)
    {
        b.ToTable("LocalActs");
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(30);
        b.Property(x => x.Number).HasMaxLength(50);
        b.Property(x => x.Note).HasMaxLength(500);
        b.HasOne<Organizations.Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.OrganizationId, x.SchoolYearStart, x.Kind }).IsUnique();
        b.HasIndex(x => x.MunicipalityId);
    }
}

/// <summary>Which of the four acts an organisation has for a year; the pairs order also counts when the system issued one.</summary>
public static class LocalActs
{
    public static async Task<Dictionary<int, HashSet<LocalActKind>>> StatusAsync(Data.AppDbContext db, IReadOnlyCollection<int> organizationIds, int schoolYearStart, CancellationToken ct = default)
    {
        var ids = organizationIds.ToList();
        var recorded = await db.LocalActs.AsNoTracking().Where(a => ids.Contains(a.OrganizationId) && a.SchoolYearStart == schoolYearStart)
            .Select(a => new { a.OrganizationId, a.Kind }).ToListAsync(ct);
        var (from, to) = (new DateOnly(schoolYearStart, 9, 1), new DateOnly(schoolYearStart + 1, 8, 31));
        var orders = await db.ApprovalOrders.AsNoTracking().Where(o => ids.Contains(o.OrganizationId) && o.Date >= from && o.Date <= to)
            .Select(o => o.OrganizationId).Distinct().ToListAsync(ct);
        var result = ids.ToDictionary(id => id, _ => new HashSet<LocalActKind>());
        foreach (var r in recorded) result[r.OrganizationId].Add(r.Kind);
        foreach (var o in orders) result[o].Add(LocalActKind.PairsOrder);
        return result;
    }
}
