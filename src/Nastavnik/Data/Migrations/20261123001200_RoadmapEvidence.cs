using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Nastavnik.Data.Migrations;

/// <summary>Files confirming roadmap items.</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261123001200_RoadmapEvidence")]
public sealed class RoadmapEvidence : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("RoadmapEvidenceFiles", t => new
        {
            Id = t.Column<int>(nullable: false).Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            RoadmapItemId = t.Column<int>(nullable: false),
            FileName = t.Column<string>(maxLength: 200, nullable: false),
            ContentType = t.Column<string>(maxLength: 100, nullable: false),
            Content = t.Column<byte[]>(nullable: false),
            UploadedAt = t.Column<DateTime>(nullable: false),
            UploadedBy = t.Column<string>(maxLength: 256, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_RoadmapEvidenceFiles", x => x.Id);
            t.ForeignKey("FK_RoadmapEvidenceFiles_RoadmapItems_RoadmapItemId", x => x.RoadmapItemId, "RoadmapItems", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_RoadmapEvidenceFiles_RoadmapItemId", "RoadmapEvidenceFiles", "RoadmapItemId");
    }

    protected override void Down(MigrationBuilder m) => m.DropTable("RoadmapEvidenceFiles");
}
