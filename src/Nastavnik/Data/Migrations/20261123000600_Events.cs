using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations.Builders;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Nastavnik.Data.Migrations;

/// <summary>Events with participants and results, the consultation log, awards.</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261123000600_Events")]
public sealed class Events : Migration
{
    private static OperationBuilder<AddColumnOperation> Identity(ColumnsBuilder t) =>
        t.Column<int>(nullable: false).Annotation("Sqlite:Autoincrement", true).Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn);

    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("Consultations", t => new
        {
            Id = Identity(t),
            RegionId = t.Column<int>(nullable: false),
            MunicipalityId = t.Column<int>(nullable: false),
            OrganizationId = t.Column<int>(nullable: true),
            HeldOn = t.Column<DateOnly>(nullable: false),
            Consultant = t.Column<string>(maxLength: 300, nullable: false),
            Consulted = t.Column<string>(maxLength: 300, nullable: false),
            Topic = t.Column<string>(maxLength: 1000, nullable: false),
            Format = t.Column<string>(maxLength: 100, nullable: true),
            Outcome = t.Column<string>(maxLength: 1000, nullable: true),
        }, constraints: t => t.PrimaryKey("PK_Consultations", x => x.Id));

        m.CreateTable("Events", t => new
        {
            Id = Identity(t),
            RegionId = t.Column<int>(nullable: false),
            MunicipalityId = t.Column<int>(nullable: false),
            OrganizationId = t.Column<int>(nullable: true),
            Kind = t.Column<string>(maxLength: 20, nullable: false),
            Title = t.Column<string>(maxLength: 500, nullable: false),
            Description = t.Column<string>(maxLength: 4000, nullable: true),
            StartsOn = t.Column<DateOnly>(nullable: false),
            EndsOn = t.Column<DateOnly>(nullable: true),
            StartsAt = t.Column<TimeOnly>(nullable: true),
            Place = t.Column<string>(maxLength: 300, nullable: true),
            Link = t.Column<string>(maxLength: 500, nullable: true),
            Responsible = t.Column<string>(maxLength: 500, nullable: true),
            Audience = t.Column<string>(maxLength: 500, nullable: true),
            Hours = t.Column<int>(nullable: true),
            RoadmapItem = t.Column<string>(maxLength: 500, nullable: true),
            Version = t.Column<Guid>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_Events", x => x.Id));

        m.CreateTable("Awards", t => new
        {
            Id = Identity(t),
            PersonId = t.Column<int>(nullable: false),
            Kind = t.Column<string>(maxLength: 20, nullable: false),
            Title = t.Column<string>(maxLength: 300, nullable: false),
            AwardedOn = t.Column<DateOnly>(nullable: false),
            OrderNumber = t.Column<string>(maxLength: 50, nullable: true),
            EventId = t.Column<int>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Awards", x => x.Id);
            t.ForeignKey("FK_Awards_Events_EventId", x => x.EventId, "Events", "Id", onDelete: ReferentialAction.SetNull);
            t.ForeignKey("FK_Awards_People_PersonId", x => x.PersonId, "People", "Id", onDelete: ReferentialAction.Cascade);
        });

        m.CreateTable("EventParticipants", t => new
        {
            Id = Identity(t),
            EventId = t.Column<int>(nullable: false),
            PersonId = t.Column<int>(nullable: false),
            Team = t.Column<string>(maxLength: 100, nullable: true),
            Attended = t.Column<bool>(nullable: false),
            Place = t.Column<int>(nullable: true),
            Result = t.Column<string>(maxLength: 300, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_EventParticipants", x => x.Id);
            t.ForeignKey("FK_EventParticipants_Events_EventId", x => x.EventId, "Events", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_EventParticipants_People_PersonId", x => x.PersonId, "People", "Id", onDelete: ReferentialAction.Cascade);
        });

        m.CreateIndex("IX_Awards_EventId", "Awards", "EventId");
        m.CreateIndex("IX_Awards_PersonId", "Awards", "PersonId");
        m.CreateIndex("IX_Consultations_MunicipalityId_HeldOn", "Consultations", ["MunicipalityId", "HeldOn"]);
        m.CreateIndex("IX_Consultations_RegionId", "Consultations", "RegionId");
        m.CreateIndex("IX_EventParticipants_EventId_PersonId", "EventParticipants", ["EventId", "PersonId"], unique: true);
        m.CreateIndex("IX_EventParticipants_PersonId", "EventParticipants", "PersonId");
        m.CreateIndex("IX_Events_MunicipalityId_StartsOn", "Events", ["MunicipalityId", "StartsOn"]);
        m.CreateIndex("IX_Events_RegionId", "Events", "RegionId");
    }

    protected override void Down(MigrationBuilder m)
    {
        foreach (var table in new[] { "EventParticipants", "Awards", "Events", "Consultations" }) m.DropTable(table);
    }
}
