using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Nastavnik.Data.Migrations;

/// <summary>
/// A matching run remembers that its pairs were proposed for approval (when and by whom), so accepting it twice
/// cannot create the pairs twice.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261123002900_MatchingRunAccepted")]
public sealed class MatchingRunAccepted : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.AddColumn<DateTime>("AcceptedAt", "MatchingRuns", nullable: true);
        m.AddColumn<string>("AcceptedBy", "MatchingRuns", maxLength: 256, nullable: true);
    }

    protected override void Down(MigrationBuilder m)
    {
        // EF's SQLite generator refuses DropColumn; SQLite itself drops a plain column (3.35+).
        foreach (var column in new[] { "AcceptedBy", "AcceptedAt" })
        {
            if (m.IsSqlite()) m.Sql($"ALTER TABLE \"MatchingRuns\" DROP COLUMN \"{column}\"");
            else m.DropColumn(column, "MatchingRuns");
        }
    }
}
