using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Nastavnik.Data.Migrations;

/// <summary>Column mappings of imports, saved per user and organisation.</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261123000300_ImportMappings")]
public sealed class ImportMappings : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("ImportMappings", t => new
        {
            Id = t.Column<int>(nullable: false).Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            UserId = t.Column<string>(nullable: false),
            OrganizationId = t.Column<int>(nullable: true),
            Kind = t.Column<string>(maxLength: 40, nullable: false),
            Columns = t.Column<string>(maxLength: 8000, nullable: false),
            UpdatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_ImportMappings", x => x.Id);
            t.ForeignKey("FK_ImportMappings_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_ImportMappings_Organizations_OrganizationId", x => x.OrganizationId, "Organizations", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_ImportMappings_OrganizationId", "ImportMappings", "OrganizationId");
        m.CreateIndex("IX_ImportMappings_UserId_Kind_OrganizationId", "ImportMappings", ["UserId", "Kind", "OrganizationId"]);
    }

    protected override void Down(MigrationBuilder m) => m.DropTable("ImportMappings");
}
