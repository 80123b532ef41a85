using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Nastavnik.Data.Migrations;

/// <summary>One-time form keys on reports and meetings, so a double tap stores one row (unique per programme).</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261123002601_SubmissionKeys")]
public sealed class SubmissionKeys : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        foreach (var table in new[] { "ProgressReports", "Meetings" })
        {
            m.AddColumn<Guid>("SubmissionKey", table, nullable: true);
            m.CreateIndex($"IX_{table}_ProgramId_SubmissionKey", table, ["ProgramId", "SubmissionKey"], unique: true);
        }
    }

    protected override void Down(MigrationBuilder m)
    {
        foreach (var table in new[] { "ProgressReports", "Meetings" })
        {
            m.DropIndex($"IX_{table}_ProgramId_SubmissionKey", table);
            // EF's SQLite generator refuses DropColumn without a model snapshot; SQLite (3.35+) drops a plain column itself.
            if (m.IsSqlite()) m.Sql($"ALTER TABLE \"{table}\" DROP COLUMN \"SubmissionKey\"");
            else m.DropColumn("SubmissionKey", table);
        }
    }
}
