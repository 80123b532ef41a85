using System.Text;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Nastavnik.Data.Migrations;

/// <summary>
/// People: the normalised ФИО for the register search (lower case, ё = е; Person.SearchName, Person.SearchGivenName),
/// each with an index, filled for the people already registered. In SQL the same on both databases: SQLite's lower()
/// knows only ASCII, so the Cyrillic capitals are replaced one by one. On PostgreSQL the columns compare in code-point
/// order (COLLATE "C"), as the prefix ranges of PersonSearch need.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261123002800_PeopleSearchNames")]
public sealed class PeopleSearchNames : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        var collation = m.IsSqlite() ? null : "C";
        m.AddColumn<string>("SearchName", "People", maxLength: 302, nullable: false, defaultValue: "", collation: collation);
        m.AddColumn<string>("SearchGivenName", "People", maxLength: 201, nullable: false, defaultValue: "", collation: collation);
        // Stored names are already trimmed with single spaces (PersonRegistration.Name); only case and ё remain.
        m.Sql($"UPDATE \"People\" SET \"SearchName\" = {Fold("\"LastName\" || ' ' || \"FirstName\" || coalesce(' ' || \"MiddleName\", '')")}, "
            + $"\"SearchGivenName\" = {Fold("\"FirstName\" || coalesce(' ' || \"MiddleName\", '')")}");
        m.CreateIndex("IX_People_SearchName", "People", "SearchName");
        m.CreateIndex("IX_People_SearchGivenName", "People", "SearchGivenName");
    }

    private static string Fold(string expression)
    {
        var sql = new StringBuilder("lower(" + expression + ")");
        const string upper = "АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ";
        foreach (var ch in upper) sql.Insert(0, "replace(").Append($", '{ch}', '{char.ToLowerInvariant(ch)}')");
        sql.Insert(0, "replace(replace(").Append(", 'Ё', 'е'), 'ё', 'е')");
        return sql.ToString();
    }

    protected override void Down(MigrationBuilder m)
    {
        m.DropIndex("IX_People_SearchGivenName", "People");
        m.DropIndex("IX_People_SearchName", "People");
        // Without a model snapshot EF cannot rebuild a SQLite table; SQLite ≥ 3.35 drops a column itself.
        if (m.IsSqlite())
        {
            m.Sql("ALTER TABLE \"People\" DROP COLUMN \"SearchGivenName\"");
            m.Sql("ALTER TABLE \"People\" DROP COLUMN \"SearchName\"");
        }
        else
        {
            m.DropColumn("SearchGivenName", "People");
            m.DropColumn("SearchName", "People");
        }
    }
}
