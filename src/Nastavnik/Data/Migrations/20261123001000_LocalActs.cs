using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Nastavnik.Data.Migrations;

/// <summary>Local acts of organisations per school year (shown on the municipal roadmap approvals page).</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261123001000_LocalActs")]
public sealed class LocalActs : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("LocalActs", t => new
        {
            Id = t.Column<int>(nullable: false).Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            RegionId = t.Column<int>(nullable: false),
            MunicipalityId = t.Column<int>(nullable: false),
            OrganizationId = t.Column<int>(nullable: false),
            SchoolYearStart = t.Column<int>(nullable: false),
            Kind = t.Column<string>(maxLength: 30, nullable: false),
            Number = t.Column<string>(maxLength: 50, nullable: true),
            AdoptedOn = t.Column<DateOnly>(nullable: false),
            Note = t.Column<string>(maxLength: 500, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_LocalActs", x => x.Id);
            t.ForeignKey("FK_LocalActs_Organizations_OrganizationId", x => x.OrganizationId, "Organizations", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_LocalActs_MunicipalityId", "LocalActs", "MunicipalityId");
        m.CreateIndex("IX_LocalActs_OrganizationId_SchoolYearStart_Kind", "LocalActs", ["OrganizationId", "SchoolYearStart", "Kind"], unique: true);
    }

    protected override void Down(MigrationBuilder m) => m.DropTable("LocalActs");
}
