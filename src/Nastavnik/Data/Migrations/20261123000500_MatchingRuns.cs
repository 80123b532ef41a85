using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Nastavnik.Data.Migrations;

/// <summary>Stored matcher runs (input, weights, result, author) so every proposal can be explained and reproduced.</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261123000500_MatchingRuns")]
public sealed class MatchingRuns : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("MatchingRuns", t => new
        {
            Id = t.Column<int>(nullable: false).Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            RegionId = t.Column<int>(nullable: false),
            MunicipalityId = t.Column<int>(nullable: false),
            OrganizationId = t.Column<int>(nullable: true),
            PoolName = t.Column<string>(maxLength: 500, nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
            CreatedBy = t.Column<string>(maxLength: 256, nullable: true),
            InputJson = t.Column<string>(nullable: false),
            ResultJson = t.Column<string>(nullable: false),
            TotalScore = t.Column<long>(nullable: false),
            GreedyScore = t.Column<long>(nullable: false),
            Mentees = t.Column<int>(nullable: false),
            Mentors = t.Column<int>(nullable: false),
            Matched = t.Column<int>(nullable: false),
            IsCertifiedOptimal = t.Column<bool>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_MatchingRuns", x => x.Id));
        m.CreateIndex("IX_MatchingRuns_MunicipalityId_OrganizationId", "MatchingRuns", ["MunicipalityId", "OrganizationId"]);
        m.CreateIndex("IX_MatchingRuns_RegionId", "MatchingRuns", "RegionId");
    }

    protected override void Down(MigrationBuilder m) => m.DropTable("MatchingRuns");
}
