using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Nastavnik.Data.Migrations;

/// <summary>
/// The wording of a consent (purpose, data, actions, term, how to withdraw) moves from every consent row into
/// ConsentTexts, stored once per distinct wording and referenced by Consents.TextId
/// (docs/adr/0002-consent-wording-stored-once.md). Existing consents keep exactly the text they carried: each
/// distinct wording becomes a row, numbered 1, 2, … per kind in the order it was first recorded.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261123002500_ConsentTexts")]
public sealed class ConsentTextsMigration : Migration
{
    private const string Texts = "\"Purpose\", \"DataList\", \"Actions\", \"Term\", \"WithdrawalProcedure\"";

    /// <summary>The stored wording equal to the consent row's own (outer row aliased c).</summary>
    private const string SameText = """
        (SELECT t."Id" FROM "ConsentTexts" t WHERE t."Kind" = c."Kind" AND t."Purpose" = c."Purpose" AND t."DataList" = c."DataList"
            AND t."Actions" = c."Actions" AND t."Term" = c."Term" AND t."WithdrawalProcedure" = c."WithdrawalProcedure")
        """;

    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("ConsentTexts", t => new
        {
            Id = t.Column<int>(nullable: false).Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            Kind = t.Column<string>(maxLength: 20, nullable: false),
            Version = t.Column<int>(nullable: false),
            Purpose = t.Column<string>(maxLength: 1000, nullable: false),
            DataList = t.Column<string>(maxLength: 2000, nullable: false),
            Actions = t.Column<string>(maxLength: 1000, nullable: false),
            Term = t.Column<string>(maxLength: 300, nullable: false),
            WithdrawalProcedure = t.Column<string>(maxLength: 1000, nullable: false),
        }, constraints: t => t.PrimaryKey("PK_ConsentTexts", x => x.Id));
        m.CreateIndex("IX_ConsentTexts_Kind_Version", "ConsentTexts", ["Kind", "Version"]);

        m.Sql($"""
            INSERT INTO "ConsentTexts" ("Kind", "Version", {Texts})
            SELECT "Kind", ROW_NUMBER() OVER (PARTITION BY "Kind" ORDER BY min("Id")), {Texts}
            FROM "Consents" GROUP BY "Kind", {Texts}
            """);

        if (m.IsSqlite())
        {
            // SQLite cannot add a NOT NULL column with a foreign key to a table that has rows, nor drop columns that
            // way without EF's table rebuild (which needs the model snapshot we do not keep): rebuild it by hand, as
            // EF would, keeping ids and the AUTOINCREMENT high-water mark.
            m.Sql(CreateSqliteConsents("Consents_new", withText: true));
            m.Sql($"""
                INSERT INTO "Consents_new" ("Id", "PersonId", "Kind", "GivenBy", "GuardianName", "GuardianAuthority", "Operator", "TextId", "SignedOn",
                    "ScanFileName", "Scan", "RecordedAt", "RecordedBy", "WithdrawnAt", "WithdrawalReason")
                SELECT c."Id", c."PersonId", c."Kind", c."GivenBy", c."GuardianName", c."GuardianAuthority", c."Operator", {SameText}, c."SignedOn",
                    c."ScanFileName", c."Scan", c."RecordedAt", c."RecordedBy", c."WithdrawnAt", c."WithdrawalReason"
                FROM "Consents" c
                """);
            RebuildSqliteTail(m);
        }
        else
        {
            m.AddColumn<int>("TextId", "Consents", nullable: true);
            m.Sql($"UPDATE \"Consents\" c SET \"TextId\" = {SameText}");
            m.Sql("ALTER TABLE \"Consents\" ALTER COLUMN \"TextId\" SET NOT NULL");
            m.AddForeignKey("FK_Consents_ConsentTexts_TextId", "Consents", "TextId", "ConsentTexts", principalColumn: "Id", onDelete: ReferentialAction.Restrict);
            foreach (var column in new[] { "Purpose", "DataList", "Actions", "Term", "WithdrawalProcedure" }) m.DropColumn(column, "Consents");
        }
        m.CreateIndex("IX_Consents_TextId", "Consents", "TextId");
    }

    protected override void Down(MigrationBuilder m)
    {
        const string Joined = """
            JOIN "ConsentTexts" t ON t."Id" = c."TextId"
            """;
        if (m.IsSqlite())
        {
            m.Sql(CreateSqliteConsents("Consents_new", withText: false));
            m.Sql($"""
                INSERT INTO "Consents_new" ("Id", "PersonId", "Kind", "GivenBy", "GuardianName", "GuardianAuthority", "Operator", {Texts}, "SignedOn",
                    "ScanFileName", "Scan", "RecordedAt", "RecordedBy", "WithdrawnAt", "WithdrawalReason")
                SELECT c."Id", c."PersonId", c."Kind", c."GivenBy", c."GuardianName", c."GuardianAuthority", c."Operator",
                    t."Purpose", t."DataList", t."Actions", t."Term", t."WithdrawalProcedure", c."SignedOn",
                    c."ScanFileName", c."Scan", c."RecordedAt", c."RecordedBy", c."WithdrawnAt", c."WithdrawalReason"
                FROM "Consents" c {Joined}
                """);
            RebuildSqliteTail(m);
        }
        else
        {
            m.DropIndex("IX_Consents_TextId", "Consents");
            m.DropForeignKey("FK_Consents_ConsentTexts_TextId", "Consents");
            m.AddColumn<string>("Purpose", "Consents", maxLength: 1000, nullable: true);
            m.AddColumn<string>("DataList", "Consents", maxLength: 2000, nullable: true);
            m.AddColumn<string>("Actions", "Consents", maxLength: 1000, nullable: true);
            m.AddColumn<string>("Term", "Consents", maxLength: 300, nullable: true);
            m.AddColumn<string>("WithdrawalProcedure", "Consents", maxLength: 1000, nullable: true);
            m.Sql("""
                UPDATE "Consents" c SET "Purpose" = t."Purpose", "DataList" = t."DataList", "Actions" = t."Actions", "Term" = t."Term",
                    "WithdrawalProcedure" = t."WithdrawalProcedure"
                FROM "ConsentTexts" t WHERE t."Id" = c."TextId"
                """);
            foreach (var column in new[] { "Purpose", "DataList", "Actions", "Term", "WithdrawalProcedure" })
                m.Sql($"ALTER TABLE \"Consents\" ALTER COLUMN \"{column}\" SET NOT NULL");
            m.DropColumn("TextId", "Consents");
        }
        m.DropTable("ConsentTexts");
    }

    /// <summary>The Consents table as EF's SQLite provider creates it from the model (with TextId, or with the five texts before this migration).</summary>
    private static string CreateSqliteConsents(string name, bool withText) => $"""
        CREATE TABLE "{name}" (
            "Id" INTEGER NOT NULL CONSTRAINT "PK_Consents" PRIMARY KEY AUTOINCREMENT,
            "PersonId" INTEGER NOT NULL,
            "Kind" TEXT NOT NULL,
            "GivenBy" TEXT NOT NULL,
            "GuardianName" TEXT NULL,
            "GuardianAuthority" TEXT NULL,
            "Operator" TEXT NOT NULL,
            {(withText ? "\"TextId\" INTEGER NOT NULL," : "\"Purpose\" TEXT NOT NULL, \"DataList\" TEXT NOT NULL, \"Actions\" TEXT NOT NULL, \"Term\" TEXT NOT NULL, \"WithdrawalProcedure\" TEXT NOT NULL,")}
            "SignedOn" TEXT NOT NULL,
            "ScanFileName" TEXT NULL,
            "Scan" BLOB NULL,
            "RecordedAt" TEXT NOT NULL,
            "RecordedBy" TEXT NULL,
            "WithdrawnAt" TEXT NULL,
            "WithdrawalReason" TEXT NULL,
            {(withText ? "CONSTRAINT \"FK_Consents_ConsentTexts_TextId\" FOREIGN KEY (\"TextId\") REFERENCES \"ConsentTexts\" (\"Id\") ON DELETE RESTRICT," : "")}
            CONSTRAINT "FK_Consents_People_PersonId" FOREIGN KEY ("PersonId") REFERENCES "People" ("Id") ON DELETE CASCADE
        )
        """;

    /// <summary>Carries the AUTOINCREMENT high-water mark over, swaps the tables and recreates the indexes.</summary>
    private static void RebuildSqliteTail(MigrationBuilder m)
    {
        m.Sql("""
            INSERT INTO sqlite_sequence ("name", "seq") SELECT 'Consents_new', s."seq" FROM sqlite_sequence s
            WHERE s."name" = 'Consents' AND NOT EXISTS (SELECT 1 FROM sqlite_sequence n WHERE n."name" = 'Consents_new')
            """);
        m.Sql("""
            UPDATE sqlite_sequence SET "seq" = max("seq", coalesce((SELECT s."seq" FROM sqlite_sequence s WHERE s."name" = 'Consents'), 0))
            WHERE "name" = 'Consents_new'
            """);
        m.Sql("DROP TABLE \"Consents\"");
        m.Sql("ALTER TABLE \"Consents_new\" RENAME TO \"Consents\"");
        m.CreateIndex("IX_Consents_PersonId_Kind", "Consents", ["PersonId", "Kind"]);
    }
}
