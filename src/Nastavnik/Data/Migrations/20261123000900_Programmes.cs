using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations.Builders;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Nastavnik.Data.Migrations;

/// <summary>Personalised mentoring programmes: plan of activities, meetings with attendance, progress reports, per-organisation thresholds.</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261123000900_Programmes")]
public sealed class Programmes : Migration
{
    private static OperationBuilder<AddColumnOperation> Identity(ColumnsBuilder t) =>
        t.Column<int>(nullable: false).Annotation("Sqlite:Autoincrement", true).Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn);

    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("ProgrammeSettings", t => new
        {
            OrganizationId = t.Column<int>(nullable: false),
            ReportEveryDays = t.Column<int>(nullable: false),
            NoMeetingDays = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_ProgrammeSettings", x => x.OrganizationId);
            t.ForeignKey("FK_ProgrammeSettings_Organizations_OrganizationId", x => x.OrganizationId, "Organizations", "Id", onDelete: ReferentialAction.Cascade);
        });

        m.CreateTable("MentoringPrograms", t => new
        {
            Id = Identity(t),
            MentorshipId = t.Column<int>(nullable: false),
            OrganizationId = t.Column<int>(nullable: false),
            MunicipalityId = t.Column<int>(nullable: false),
            RegionId = t.Column<int>(nullable: false),
            Goal = t.Column<string>(maxLength: 2000, nullable: false),
            Tasks = t.Column<string>(maxLength: 4000, nullable: true),
            Difficulties = t.Column<string>(maxLength: 4000, nullable: true),
            Directions = t.Column<string>(maxLength: 300, nullable: false),
            StartDate = t.Column<DateOnly>(nullable: false),
            EndDate = t.Column<DateOnly>(nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
            CreatedBy = t.Column<string>(maxLength: 256, nullable: true),
            Version = t.Column<Guid>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_MentoringPrograms", x => x.Id);
            t.ForeignKey("FK_MentoringPrograms_Mentorships_MentorshipId", x => x.MentorshipId, "Mentorships", "Id", onDelete: ReferentialAction.Cascade);
        });

        m.CreateTable("ProgramActivities", t => new
        {
            Id = Identity(t),
            ProgramId = t.Column<int>(nullable: false),
            Title = t.Column<string>(maxLength: 1000, nullable: false),
            DueOn = t.Column<DateOnly>(nullable: false),
            ExpectedResult = t.Column<string>(maxLength: 1000, nullable: true),
            ResultForm = t.Column<string>(maxLength: 300, nullable: true),
            Status = t.Column<string>(maxLength: 20, nullable: false),
            Evidence = t.Column<string>(maxLength: 1000, nullable: true),
            DoneOn = t.Column<DateOnly>(nullable: true),
            DoneBy = t.Column<string>(maxLength: 300, nullable: true),
            DoneByRole = t.Column<string>(maxLength: 30, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_ProgramActivities", x => x.Id);
            t.ForeignKey("FK_ProgramActivities_MentoringPrograms_ProgramId", x => x.ProgramId, "MentoringPrograms", "Id", onDelete: ReferentialAction.Cascade);
        });

        m.CreateTable("Meetings", t => new
        {
            Id = Identity(t),
            ProgramId = t.Column<int>(nullable: false),
            Kind = t.Column<string>(maxLength: 20, nullable: false),
            HeldOn = t.Column<DateOnly>(nullable: false),
            StartsAt = t.Column<TimeOnly>(nullable: true),
            Online = t.Column<bool>(nullable: false),
            Link = t.Column<string>(maxLength: 500, nullable: true),
            Notes = t.Column<string>(maxLength: 2000, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Meetings", x => x.Id);
            t.ForeignKey("FK_Meetings_MentoringPrograms_ProgramId", x => x.ProgramId, "MentoringPrograms", "Id", onDelete: ReferentialAction.Cascade);
        });

        m.CreateTable("MeetingAttendance", t => new
        {
            MeetingId = t.Column<int>(nullable: false),
            PersonId = t.Column<int>(nullable: false),
            Present = t.Column<bool>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_MeetingAttendance", x => new { x.MeetingId, x.PersonId });
            t.ForeignKey("FK_MeetingAttendance_Meetings_MeetingId", x => x.MeetingId, "Meetings", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_MeetingAttendance_People_PersonId", x => x.PersonId, "People", "Id", onDelete: ReferentialAction.Cascade);
        });

        m.CreateTable("ProgressReports", t => new
        {
            Id = Identity(t),
            ProgramId = t.Column<int>(nullable: false),
            PersonId = t.Column<int>(nullable: false),
            AuthorRole = t.Column<string>(maxLength: 10, nullable: false),
            ReportedOn = t.Column<DateOnly>(nullable: false),
            Done = t.Column<string>(maxLength: 4000, nullable: false),
            Difficulties = t.Column<string>(maxLength: 2000, nullable: true),
            NextSteps = t.Column<string>(maxLength: 2000, nullable: true),
            Rating = t.Column<int>(nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_ProgressReports", x => x.Id);
            t.ForeignKey("FK_ProgressReports_MentoringPrograms_ProgramId", x => x.ProgramId, "MentoringPrograms", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_ProgressReports_People_PersonId", x => x.PersonId, "People", "Id", onDelete: ReferentialAction.Cascade);
        });

        m.CreateIndex("IX_MentoringPrograms_MentorshipId", "MentoringPrograms", "MentorshipId", unique: true);
        m.CreateIndex("IX_MentoringPrograms_OrganizationId", "MentoringPrograms", "OrganizationId");
        m.CreateIndex("IX_MentoringPrograms_MunicipalityId_RegionId", "MentoringPrograms", ["MunicipalityId", "RegionId"]);
        m.CreateIndex("IX_ProgramActivities_ProgramId", "ProgramActivities", "ProgramId");
        m.CreateIndex("IX_Meetings_ProgramId_HeldOn", "Meetings", ["ProgramId", "HeldOn"]);
        m.CreateIndex("IX_MeetingAttendance_PersonId", "MeetingAttendance", "PersonId");
        m.CreateIndex("IX_ProgressReports_ProgramId_ReportedOn", "ProgressReports", ["ProgramId", "ReportedOn"]);
        m.CreateIndex("IX_ProgressReports_PersonId", "ProgressReports", "PersonId");
    }

    protected override void Down(MigrationBuilder m)
    {
        foreach (var table in new[] { "ProgressReports", "MeetingAttendance", "Meetings", "ProgramActivities", "MentoringPrograms", "ProgrammeSettings" }) m.DropTable(table);
    }
}
