using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations.Builders;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Nastavnik.Data.Migrations;

/// <summary>
/// Programme revisions confirmed by both sides, completion with its reason and the mentees' results, the practice
/// library; concurrency tokens on plan activities, meetings and reports (now edited), and who recorded a meeting.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261123002000_RevisionsCompletionPractices")]
public sealed class RevisionsCompletionPractices : Migration
{
    private static OperationBuilder<AddColumnOperation> Identity(ColumnsBuilder t) =>
        t.Column<int>(nullable: false).Annotation("Sqlite:Autoincrement", true).Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn);

    protected override void Up(MigrationBuilder m)
    {
        // Existing rows share the empty version; the first edit gives each its own.
        foreach (var table in new[] { "ProgramActivities", "Meetings", "ProgressReports" })
            m.AddColumn<Guid>("Version", table, nullable: false, defaultValue: Guid.Empty);

        // SQLite cannot add a foreign key to an existing table, but it can add a column that carries its REFERENCES clause.
        if (m.IsSqlite())
        {
            m.Sql("ALTER TABLE \"Meetings\" ADD COLUMN \"RecordedByPersonId\" INTEGER NULL CONSTRAINT \"FK_Meetings_People_RecordedByPersonId\" REFERENCES \"People\" (\"Id\") ON DELETE SET NULL");
        }
        else
        {
            m.AddColumn<int>("RecordedByPersonId", "Meetings", nullable: true);
            m.AddForeignKey("FK_Meetings_People_RecordedByPersonId", "Meetings", "RecordedByPersonId", "People", principalColumn: "Id", onDelete: ReferentialAction.SetNull);
        }
        m.CreateIndex("IX_Meetings_RecordedByPersonId", "Meetings", "RecordedByPersonId");

        m.CreateTable("ProgramRevisions", t => new
        {
            Id = Identity(t),
            ProgramId = t.Column<int>(nullable: false),
            OrganizationId = t.Column<int>(nullable: false),
            MunicipalityId = t.Column<int>(nullable: false),
            RegionId = t.Column<int>(nullable: false),
            Status = t.Column<string>(maxLength: 20, nullable: false),
            Reason = t.Column<string>(maxLength: 1000, nullable: false),
            OldStartDate = t.Column<DateOnly>(nullable: true),
            NewStartDate = t.Column<DateOnly>(nullable: true),
            OldEndDate = t.Column<DateOnly>(nullable: true),
            NewEndDate = t.Column<DateOnly>(nullable: true),
            OldFormId = t.Column<int>(nullable: true),
            NewFormId = t.Column<int>(nullable: true),
            OldKindId = t.Column<int>(nullable: true),
            NewKindId = t.Column<int>(nullable: true),
            ProposedAt = t.Column<DateTime>(nullable: false),
            ProposedByUserId = t.Column<string>(maxLength: 450, nullable: true),
            ProposedBy = t.Column<string>(maxLength: 300, nullable: false),
            ProposedByRole = t.Column<string>(maxLength: 30, nullable: false),
            DecidedAt = t.Column<DateTime>(nullable: true),
            DecidedBy = t.Column<string>(maxLength: 300, nullable: true),
            DecisionNote = t.Column<string>(maxLength: 1000, nullable: true),
            UpdatedAt = t.Column<DateTime>(nullable: false),
            Version = t.Column<Guid>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_ProgramRevisions", x => x.Id);
            t.ForeignKey("FK_ProgramRevisions_MentoringPrograms_ProgramId", x => x.ProgramId, "MentoringPrograms", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_ProgramRevisions_MentoringForms_OldFormId", x => x.OldFormId, "MentoringForms", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_ProgramRevisions_MentoringForms_NewFormId", x => x.NewFormId, "MentoringForms", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_ProgramRevisions_MentoringKinds_OldKindId", x => x.OldKindId, "MentoringKinds", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_ProgramRevisions_MentoringKinds_NewKindId", x => x.NewKindId, "MentoringKinds", "Id", onDelete: ReferentialAction.Restrict);
        });

        m.CreateTable("ProgramRevisionItems", t => new
        {
            Id = Identity(t),
            RevisionId = t.Column<int>(nullable: false),
            Action = t.Column<string>(maxLength: 10, nullable: false),
            ActivityId = t.Column<int>(nullable: true),
            Title = t.Column<string>(maxLength: 1000, nullable: true),
            DueOn = t.Column<DateOnly>(nullable: true),
            ExpectedResult = t.Column<string>(maxLength: 1000, nullable: true),
            ResultForm = t.Column<string>(maxLength: 300, nullable: true),
            OldTitle = t.Column<string>(maxLength: 1000, nullable: true),
            OldDueOn = t.Column<DateOnly>(nullable: true),
            OldExpectedResult = t.Column<string>(maxLength: 1000, nullable: true),
            OldResultForm = t.Column<string>(maxLength: 300, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_ProgramRevisionItems", x => x.Id);
            t.ForeignKey("FK_ProgramRevisionItems_ProgramRevisions_RevisionId", x => x.RevisionId, "ProgramRevisions", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_ProgramRevisionItems_ProgramActivities_ActivityId", x => x.ActivityId, "ProgramActivities", "Id", onDelete: ReferentialAction.SetNull);
        });

        m.CreateTable("ProgramRevisionConfirmations", t => new
        {
            RevisionId = t.Column<int>(nullable: false),
            PersonId = t.Column<int>(nullable: false),
            ConfirmedAt = t.Column<DateTime>(nullable: false),
            ConfirmedBy = t.Column<string>(maxLength: 300, nullable: false),
            OnBehalf = t.Column<bool>(nullable: false),
            Basis = t.Column<string>(maxLength: 500, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_ProgramRevisionConfirmations", x => new { x.RevisionId, x.PersonId });
            t.ForeignKey("FK_ProgramRevisionConfirmations_ProgramRevisions_RevisionId", x => x.RevisionId, "ProgramRevisions", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_ProgramRevisionConfirmations_People_PersonId", x => x.PersonId, "People", "Id", onDelete: ReferentialAction.Cascade);
        });

        m.CreateTable("Completions", t => new
        {
            Id = Identity(t),
            ProgramId = t.Column<int>(nullable: false),
            OrganizationId = t.Column<int>(nullable: false),
            MunicipalityId = t.Column<int>(nullable: false),
            RegionId = t.Column<int>(nullable: false),
            Reason = t.Column<string>(maxLength: 20, nullable: false),
            CompletedOn = t.Column<DateOnly>(nullable: false),
            Circumstances = t.Column<string>(maxLength: 1000, nullable: true),
            ProgrammeResults = t.Column<string>(maxLength: 4000, nullable: false),
            RecordedAt = t.Column<DateTime>(nullable: false),
            RecordedBy = t.Column<string>(maxLength: 256, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Completions", x => x.Id);
            t.ForeignKey("FK_Completions_MentoringPrograms_ProgramId", x => x.ProgramId, "MentoringPrograms", "Id", onDelete: ReferentialAction.Cascade);
        });

        m.CreateTable("MenteeResults", t => new
        {
            Id = Identity(t),
            CompletionId = t.Column<int>(nullable: false),
            PersonId = t.Column<int>(nullable: false),
            Kind = t.Column<string>(maxLength: 30, nullable: false),
            Text = t.Column<string>(maxLength: 1000, nullable: false),
            AchievedOn = t.Column<DateOnly>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_MenteeResults", x => x.Id);
            t.ForeignKey("FK_MenteeResults_Completions_CompletionId", x => x.CompletionId, "Completions", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_MenteeResults_People_PersonId", x => x.PersonId, "People", "Id", onDelete: ReferentialAction.Cascade);
        });

        m.CreateTable("Practices", t => new
        {
            Id = Identity(t),
            OrganizationId = t.Column<int>(nullable: false),
            MunicipalityId = t.Column<int>(nullable: false),
            RegionId = t.Column<int>(nullable: false),
            SourceProgramId = t.Column<int>(nullable: true),
            Title = t.Column<string>(maxLength: 300, nullable: false),
            Summary = t.Column<string>(maxLength: 4000, nullable: false),
            Goal = t.Column<string>(maxLength: 2000, nullable: false),
            Tasks = t.Column<string>(maxLength: 4000, nullable: true),
            Results = t.Column<string>(maxLength: 4000, nullable: true),
            FormId = t.Column<int>(nullable: false),
            KindId = t.Column<int>(nullable: false),
            Directions = t.Column<string>(maxLength: 300, nullable: false),
            DurationDays = t.Column<int>(nullable: false),
            Status = t.Column<string>(maxLength: 20, nullable: false),
            ProposedAt = t.Column<DateTime>(nullable: false),
            ProposedBy = t.Column<string>(maxLength: 256, nullable: true),
            DecidedAt = t.Column<DateTime>(nullable: true),
            DecidedBy = t.Column<string>(maxLength: 256, nullable: true),
            ReturnComment = t.Column<string>(maxLength: 1000, nullable: true),
            Version = t.Column<Guid>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Practices", x => x.Id);
            t.ForeignKey("FK_Practices_MentoringPrograms_SourceProgramId", x => x.SourceProgramId, "MentoringPrograms", "Id", onDelete: ReferentialAction.SetNull);
            t.ForeignKey("FK_Practices_MentoringForms_FormId", x => x.FormId, "MentoringForms", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Practices_MentoringKinds_KindId", x => x.KindId, "MentoringKinds", "Id", onDelete: ReferentialAction.Restrict);
        });

        m.CreateTable("PracticeItems", t => new
        {
            Id = Identity(t),
            PracticeId = t.Column<int>(nullable: false),
            SortOrder = t.Column<int>(nullable: false),
            Title = t.Column<string>(maxLength: 1000, nullable: false),
            ExpectedResult = t.Column<string>(maxLength: 1000, nullable: true),
            ResultForm = t.Column<string>(maxLength: 300, nullable: true),
            OffsetDays = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_PracticeItems", x => x.Id);
            t.ForeignKey("FK_PracticeItems_Practices_PracticeId", x => x.PracticeId, "Practices", "Id", onDelete: ReferentialAction.Cascade);
        });

        m.CreateIndex("IX_ProgramRevisions_ProgramId_Status", "ProgramRevisions", ["ProgramId", "Status"]);
        m.CreateIndex("IX_ProgramRevisions_OrganizationId", "ProgramRevisions", "OrganizationId");
        m.CreateIndex("IX_ProgramRevisions_MunicipalityId_RegionId", "ProgramRevisions", ["MunicipalityId", "RegionId"]);
        m.CreateIndex("IX_ProgramRevisions_OldFormId", "ProgramRevisions", "OldFormId");
        m.CreateIndex("IX_ProgramRevisions_NewFormId", "ProgramRevisions", "NewFormId");
        m.CreateIndex("IX_ProgramRevisions_OldKindId", "ProgramRevisions", "OldKindId");
        m.CreateIndex("IX_ProgramRevisions_NewKindId", "ProgramRevisions", "NewKindId");
        m.CreateIndex("IX_ProgramRevisionItems_RevisionId", "ProgramRevisionItems", "RevisionId");
        m.CreateIndex("IX_ProgramRevisionItems_ActivityId", "ProgramRevisionItems", "ActivityId");
        m.CreateIndex("IX_ProgramRevisionConfirmations_PersonId", "ProgramRevisionConfirmations", "PersonId");
        m.CreateIndex("IX_Completions_ProgramId", "Completions", "ProgramId", unique: true);
        m.CreateIndex("IX_Completions_OrganizationId", "Completions", "OrganizationId");
        m.CreateIndex("IX_Completions_MunicipalityId_RegionId", "Completions", ["MunicipalityId", "RegionId"]);
        m.CreateIndex("IX_MenteeResults_CompletionId", "MenteeResults", "CompletionId");
        m.CreateIndex("IX_MenteeResults_PersonId", "MenteeResults", "PersonId");
        m.CreateIndex("IX_Practices_SourceProgramId", "Practices", "SourceProgramId", unique: true);
        m.CreateIndex("IX_Practices_RegionId_Status", "Practices", ["RegionId", "Status"]);
        m.CreateIndex("IX_Practices_OrganizationId", "Practices", "OrganizationId");
        m.CreateIndex("IX_Practices_MunicipalityId", "Practices", "MunicipalityId");
        m.CreateIndex("IX_Practices_FormId", "Practices", "FormId");
        m.CreateIndex("IX_Practices_KindId", "Practices", "KindId");
        m.CreateIndex("IX_PracticeItems_PracticeId_SortOrder", "PracticeItems", ["PracticeId", "SortOrder"]);
    }

    protected override void Down(MigrationBuilder m)
    {
        foreach (var table in new[] { "PracticeItems", "Practices", "MenteeResults", "Completions", "ProgramRevisionConfirmations", "ProgramRevisionItems", "ProgramRevisions" })
            m.DropTable(table);
        m.DropIndex("IX_Meetings_RecordedByPersonId", "Meetings");
        if (!m.IsSqlite()) m.DropForeignKey("FK_Meetings_People_RecordedByPersonId", "Meetings");
        m.DropColumn("RecordedByPersonId", "Meetings");
        foreach (var table in new[] { "ProgramActivities", "Meetings", "ProgressReports" }) m.DropColumn("Version", table);
    }
}
