using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Nastavnik.Data.Migrations;

/// <summary>
/// Roadmaps (дорожные карты) of municipalities and organisations: stages, items with their dues read into
/// dates, and the municipality's submission deadline per school year. Hand-written and provider-neutral
/// like the platform migration; MigrationSchemaTests compare it with the model on SQLite and PostgreSQL.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261123000100_Roadmaps")]
public sealed class Roadmaps : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("Roadmaps", t => new
        {
            Id = t.Column<int>(nullable: false).Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            RegionId = t.Column<int>(nullable: false),
            MunicipalityId = t.Column<int>(nullable: false),
            OrganizationId = t.Column<int>(nullable: true),
            Title = t.Column<string>(maxLength: 500, nullable: false),
            PeriodText = t.Column<string>(maxLength: 200, nullable: false),
            PeriodStart = t.Column<DateOnly>(nullable: false),
            PeriodEnd = t.Column<DateOnly>(nullable: false),
            Goal = t.Column<string>(maxLength: 4000, nullable: true),
            Tasks = t.Column<string>(maxLength: 8000, nullable: true),
            TemplateKey = t.Column<string>(maxLength: 40, nullable: true),
            Status = t.Column<string>(maxLength: 20, nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
            CreatedBy = t.Column<string>(maxLength: 256, nullable: true),
            FirstSubmittedAt = t.Column<DateTime>(nullable: true),
            SubmittedAt = t.Column<DateTime>(nullable: true),
            SubmittedBy = t.Column<string>(maxLength: 256, nullable: true),
            ReturnedAt = t.Column<DateTime>(nullable: true),
            ReturnedBy = t.Column<string>(maxLength: 256, nullable: true),
            ReturnComment = t.Column<string>(maxLength: 2000, nullable: true),
            ApprovedAt = t.Column<DateTime>(nullable: true),
            ApprovedBy = t.Column<string>(maxLength: 300, nullable: true),
            ApprovalDate = t.Column<DateOnly>(nullable: true),
            ApprovalOrderNumber = t.Column<string>(maxLength: 50, nullable: true),
            ApprovalOrderDate = t.Column<DateOnly>(nullable: true),
            ApproverPosition = t.Column<string>(maxLength: 300, nullable: true),
            ApproverName = t.Column<string>(maxLength: 300, nullable: true),
            Version = t.Column<Guid>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Roadmaps", x => x.Id);
            t.ForeignKey("FK_Roadmaps_Municipalities_MunicipalityId", x => x.MunicipalityId, "Municipalities", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Roadmaps_Organizations_OrganizationId", x => x.OrganizationId, "Organizations", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Roadmaps_Regions_RegionId", x => x.RegionId, "Regions", "Id", onDelete: ReferentialAction.Restrict);
        });

        m.CreateTable("RoadmapStages", t => new
        {
            Id = t.Column<int>(nullable: false).Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            RoadmapId = t.Column<int>(nullable: false),
            Number = t.Column<string>(maxLength: 20, nullable: true),
            Title = t.Column<string>(maxLength: 1000, nullable: false),
            Order = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_RoadmapStages", x => x.Id);
            t.ForeignKey("FK_RoadmapStages_Roadmaps_RoadmapId", x => x.RoadmapId, "Roadmaps", "Id", onDelete: ReferentialAction.Cascade);
        });

        m.CreateTable("RoadmapItems", t => new
        {
            Id = t.Column<int>(nullable: false).Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            RoadmapId = t.Column<int>(nullable: false),
            StageId = t.Column<int>(nullable: true),
            Order = t.Column<int>(nullable: false),
            Number = t.Column<string>(maxLength: 20, nullable: true),
            Name = t.Column<string>(maxLength: 2000, nullable: false),
            Content = t.Column<string>(maxLength: 8000, nullable: true),
            DueText = t.Column<string>(maxLength: 500, nullable: false),
            DueKind = t.Column<string>(maxLength: 20, nullable: false),
            DueStart = t.Column<DateOnly>(nullable: true),
            DueEnd = t.Column<DateOnly>(nullable: true),
            DueNeedsReview = t.Column<bool>(nullable: false),
            Responsible = t.Column<string>(maxLength: 2000, nullable: true),
            Audience = t.Column<string>(maxLength: 1000, nullable: true),
            ExpectedResult = t.Column<string>(maxLength: 2000, nullable: true),
            Status = t.Column<string>(maxLength: 20, nullable: false),
            DoneAt = t.Column<DateOnly>(nullable: true),
            EvidenceNote = t.Column<string>(maxLength: 2000, nullable: true),
            EvidenceLink = t.Column<string>(maxLength: 500, nullable: true),
            Version = t.Column<Guid>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_RoadmapItems", x => x.Id);
            t.ForeignKey("FK_RoadmapItems_RoadmapStages_StageId", x => x.StageId, "RoadmapStages", "Id", onDelete: ReferentialAction.SetNull);
            t.ForeignKey("FK_RoadmapItems_Roadmaps_RoadmapId", x => x.RoadmapId, "Roadmaps", "Id", onDelete: ReferentialAction.Cascade);
        });

        m.CreateTable("RoadmapDeadlines", t => new
        {
            Id = t.Column<int>(nullable: false).Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            RegionId = t.Column<int>(nullable: false),
            MunicipalityId = t.Column<int>(nullable: false),
            SchoolYearStart = t.Column<int>(nullable: false),
            Deadline = t.Column<DateOnly>(nullable: false),
            Version = t.Column<Guid>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_RoadmapDeadlines", x => x.Id);
            t.ForeignKey("FK_RoadmapDeadlines_Municipalities_MunicipalityId", x => x.MunicipalityId, "Municipalities", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_RoadmapDeadlines_Regions_RegionId", x => x.RegionId, "Regions", "Id", onDelete: ReferentialAction.Restrict);
        });

        m.CreateIndex("IX_Roadmaps_MunicipalityId", "Roadmaps", "MunicipalityId");
        m.CreateIndex("IX_Roadmaps_OrganizationId", "Roadmaps", "OrganizationId");
        m.CreateIndex("IX_Roadmaps_RegionId", "Roadmaps", "RegionId");
        m.CreateIndex("IX_RoadmapStages_RoadmapId", "RoadmapStages", "RoadmapId");
        m.CreateIndex("IX_RoadmapItems_RoadmapId", "RoadmapItems", "RoadmapId");
        m.CreateIndex("IX_RoadmapItems_StageId", "RoadmapItems", "StageId");
        m.CreateIndex("IX_RoadmapDeadlines_MunicipalityId_SchoolYearStart", "RoadmapDeadlines", ["MunicipalityId", "SchoolYearStart"], unique: true);
        m.CreateIndex("IX_RoadmapDeadlines_RegionId", "RoadmapDeadlines", "RegionId");
    }

    protected override void Down(MigrationBuilder m)
    {
        foreach (var table in new[] { "RoadmapDeadlines", "RoadmapItems", "RoadmapStages", "Roadmaps" })
            m.DropTable(table);
    }
}
