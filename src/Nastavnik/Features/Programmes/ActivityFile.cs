using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Nastavnik.Features.Programmes;

/// <summary>
/// A file confirming an activity of the plan (подтверждение): a certificate of a course, a lesson plan, a photo of a
/// contest diploma. Kept in the database with the activity, so backups and the tenant rules cover it; reached only
/// through the activity's programme, which the tenant filter guards. Removed with the activity.
/// </summary>
public sealed class ProgramActivityFile
{
    public int Id { get; set; }
    public int ActivityId { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public required byte[] Content { get; set; }
    public long Size { get; set; }
    public DateTime UploadedAt { get; set; }
    /// <summary>Name of who attached it, as the plan shows it.</summary>
    public string? UploadedBy { get; set; }
    /// <summary>The user account, so the one who attached it may take it back.</summary>
    public string? UploadedByUserId { get; set; }
}

internal sealed class ProgramActivityFileConfiguration : IEntityTypeConfiguration<ProgramActivityFile>
{
    public void Configure(EntityTypeBuilder<ProgramActivityFile> b)
    {
        b.ToTable("ProgramActivityFiles");
        b.Property(x => x.FileName).HasMaxLength(200);
        b.Property(x => x.ContentType).HasMaxLength(100);
        b.Property(x => x.UploadedBy).HasMaxLength(300);
        b.Property(x => x.UploadedByUserId).HasMaxLength(64);
        b.HasOne<ProgramActivity>().WithMany().HasForeignKey(x => x.ActivityId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.ActivityId);
    }
}
