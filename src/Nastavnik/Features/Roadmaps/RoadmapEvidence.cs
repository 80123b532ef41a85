using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Nastavnik.Features.Roadmaps;

/// <summary>
/// A file confirming that a roadmap item was carried out (a scanned order, a protocol, a photo report).
/// Kept in the database with the item, so backups and tenant rules cover it; reached only through the item.
/// </summary>
public sealed class RoadmapEvidenceFile
{
    public int Id { get; set; }
    public int RoadmapItemId { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public required byte[] Content { get; set; }
    public DateTime UploadedAt { get; set; }
    public string? UploadedBy { get; set; }
}

internal sealed class RoadmapEvidenceFileConfiguration : IEntityTypeConfiguration<RoadmapEvidenceFile>
{
    public void Configure(EntityTypeBuilder<RoadmapEvidenceFile> b)
    {
        b.ToTable("RoadmapEvidenceFiles");
        b.Property(x => x.FileName).HasMaxLength(200);
        b.Property(x => x.ContentType).HasMaxLength(100);
        b.Property(x => x.UploadedBy).HasMaxLength(256);
        b.HasOne<RoadmapItem>().WithMany().HasForeignKey(x => x.RoadmapItemId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.RoadmapItemId);
    }
}
