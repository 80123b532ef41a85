using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Nastavnik.Data.Migrations;

/// <summary>Files confirming activities of programme plans.</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261123002600_ActivityFiles")]
public sealed class ActivityFiles : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("ProgramActivityFiles", t => new
        {
            Id = t.Column<int>(nullable: false).Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            ActivityId = t.Column<int>(nullable: false),
            FileName = t.Column<string>(maxLength: 200, nullable: false),
            ContentType = t.Column<string>(maxLength: 100, nullable: false),
            Content = t.Column<byte[]>(nullable: false),
            Size = t.Column<long>(nullable: false),
            UploadedAt = t.Column<DateTime>(nullable: false),
            UploadedBy = t.Column<string>(maxLength: 300, nullable: true),
            UploadedByUserId = t.Column<string>(maxLength: 64, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_ProgramActivityFiles", x => x.Id);
            t.ForeignKey("FK_ProgramActivityFiles_ProgramActivities_ActivityId", x => x.ActivityId, "ProgramActivities", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_ProgramActivityFiles_ActivityId", "ProgramActivityFiles", "ActivityId");
    }

    protected override void Down(MigrationBuilder m) => m.DropTable("ProgramActivityFiles");
}
