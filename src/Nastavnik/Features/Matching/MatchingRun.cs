using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Nastavnik.Features.Matching;

/// <summary>
/// One run of the matcher, stored whole: the input profiles, the weights, the locked pairs, the result and
/// who ran it. Re-solving the stored input reproduces the result (the solver is deterministic).
/// OrganizationId is null for a municipal pool.
/// </summary>
public sealed class MatchingRun
{
    public int Id { get; set; }
    public int RegionId { get; set; }
    public int MunicipalityId { get; set; }
    public int? OrganizationId { get; set; }
    public required string PoolName { get; set; }
    public DateTime CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public required string InputJson { get; set; }
    public required string ResultJson { get; set; }
    public long TotalScore { get; set; }
    public long GreedyScore { get; set; }
    public int Mentees { get; set; }
    public int Mentors { get; set; }
    public int Matched { get; set; }
    public bool IsCertifiedOptimal { get; set; }
    /// <summary>
    /// When its pairs were proposed for approval. A run is accepted once: the mark is set by a conditional update in the
    /// same transaction that creates the pairs, so a second submit (browser Back, a double click, two tabs) finds it set.
    /// </summary>
    public DateTime? AcceptedAt { get; set; }
    public string? AcceptedBy { get; set; }
}

internal sealed class MatchingRunConfiguration : IEntityTypeConfiguration<MatchingRun>
{
    public void Configure(EntityTypeBuilder<MatchingRun> b)
    {
        b.ToTable("MatchingRuns");
        b.Property(x => x.PoolName).HasMaxLength(500);
        b.Property(x => x.CreatedBy).HasMaxLength(256);
        b.Property(x => x.AcceptedBy).HasMaxLength(256);
        b.HasIndex(x => new { x.MunicipalityId, x.OrganizationId });
        b.HasIndex(x => x.RegionId);
    }
}
