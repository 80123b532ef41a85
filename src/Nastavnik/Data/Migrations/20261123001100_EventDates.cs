using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Nastavnik.Data.Migrations;

/// <summary>Events held on several separate days, and an event's link to the roadmap item it carries out.</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261123001100_EventDates")]
public sealed class EventDates : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        // SQLite cannot add a foreign key to an existing table (EF would rebuild the table, which needs a model
        // snapshot we do not keep), but it can add a column that carries its REFERENCES clause.
        if (m.IsSqlite())
        {
            m.Sql("ALTER TABLE \"Events\" ADD COLUMN \"RoadmapItemId\" INTEGER NULL CONSTRAINT \"FK_Events_RoadmapItems_RoadmapItemId\" REFERENCES \"RoadmapItems\" (\"Id\") ON DELETE SET NULL");
        }
        else
        {
            m.AddColumn<int>("RoadmapItemId", "Events", nullable: true);
            m.AddForeignKey("FK_Events_RoadmapItems_RoadmapItemId", "Events", "RoadmapItemId", "RoadmapItems", principalColumn: "Id", onDelete: ReferentialAction.SetNull);
        }
        m.CreateIndex("IX_Events_RoadmapItemId", "Events", "RoadmapItemId");
        m.CreateTable("EventDates", t => new
        {
            Id = t.Column<int>(nullable: false).Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            EventId = t.Column<int>(nullable: false),
            On = t.Column<DateOnly>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_EventDates", x => x.Id);
            t.ForeignKey("FK_EventDates_Events_EventId", x => x.EventId, "Events", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_EventDates_EventId_On", "EventDates", ["EventId", "On"], unique: true);
        m.CreateIndex("IX_EventDates_On", "EventDates", "On");
    }

    protected override void Down(MigrationBuilder m)
    {
        m.DropTable("EventDates");
        m.DropIndex("IX_Events_RoadmapItemId", "Events");
        if (!m.IsSqlite()) m.DropForeignKey("FK_Events_RoadmapItems_RoadmapItemId", "Events");
        m.DropColumn("RoadmapItemId", "Events");
    }
}
