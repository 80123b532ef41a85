using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Nastavnik.Data.Migrations;

/// <summary>
/// People: the index on organisation + ФИО + date of birth becomes an index on the organisation alone. The import
/// matches the natural key in memory and only asks for one organisation's people; the wide index took every new
/// person at a random place (docs/benchmarks.md, "Import").
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261123002501_PeopleOrganizationIndex")]
public sealed class PeopleOrganizationIndex : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.DropIndex("IX_People_NaturalKey", "People");
        m.CreateIndex("IX_People_OrganizationId", "People", "OrganizationId");
    }

    protected override void Down(MigrationBuilder m)
    {
        m.DropIndex("IX_People_OrganizationId", "People");
        m.CreateIndex("IX_People_NaturalKey", "People", ["OrganizationId", "LastName", "FirstName", "MiddleName", "BirthDate"]);
    }
}
