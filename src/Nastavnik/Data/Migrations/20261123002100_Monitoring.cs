using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations.Builders;
using Nastavnik.Features.Monitoring;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Nastavnik.Data.Migrations;

/// <summary>
/// Monitoring: questionnaires and monitoring cards (sections, questions, options), per-organisation settings and set,
/// interim and final stages per programme, assignments, responses and answers; and the built-in templates.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261123002100_Monitoring")]
public sealed class Monitoring : Migration
{
    private static OperationBuilder<AddColumnOperation> Identity(ColumnsBuilder t) =>
        t.Column<int>(nullable: false).Annotation("Sqlite:Autoincrement", true).Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn);

    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("Questionnaires", t => new
        {
            Id = Identity(t),
            RegionId = t.Column<int>(nullable: true),
            MunicipalityId = t.Column<int>(nullable: true),
            OrganizationId = t.Column<int>(nullable: true),
            Title = t.Column<string>(maxLength: 300, nullable: false),
            Description = t.Column<string>(maxLength: 2000, nullable: true),
            Kind = t.Column<string>(maxLength: 10, nullable: false),
            Audience = t.Column<string>(maxLength: 10, nullable: false),
            IsAnonymous = t.Column<bool>(nullable: false),
            Stages = t.Column<string>(maxLength: 10, nullable: false),
            Status = t.Column<string>(maxLength: 10, nullable: false),
            BuiltInKey = t.Column<string>(maxLength: 40, nullable: true),
            IsDefault = t.Column<bool>(nullable: false),
            CopiedFromId = t.Column<int>(nullable: true),
            CreatedAt = t.Column<DateTime>(nullable: false),
            CreatedBy = t.Column<string>(maxLength: 256, nullable: true),
            PublishedAt = t.Column<DateTime>(nullable: true),
            Version = t.Column<Guid>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_Questionnaires", x => x.Id));

        m.CreateTable("QuestionnaireSections", t => new
        {
            Id = Identity(t),
            QuestionnaireId = t.Column<int>(nullable: false),
            Order = t.Column<int>(nullable: false),
            Title = t.Column<string>(maxLength: 300, nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_QuestionnaireSections", x => x.Id);
            t.ForeignKey("FK_QuestionnaireSections_Questionnaires_QuestionnaireId", x => x.QuestionnaireId, "Questionnaires", "Id", onDelete: ReferentialAction.Cascade);
        });

        m.CreateTable("Questions", t => new
        {
            Id = Identity(t),
            QuestionnaireId = t.Column<int>(nullable: false),
            SectionId = t.Column<int>(nullable: false),
            Order = t.Column<int>(nullable: false),
            Text = t.Column<string>(maxLength: 1000, nullable: false),
            Kind = t.Column<string>(maxLength: 20, nullable: false),
            Required = t.Column<bool>(nullable: false),
            ScaleMin = t.Column<int>(nullable: true),
            ScaleMax = t.Column<int>(nullable: true),
            MinLabel = t.Column<string>(maxLength: 100, nullable: true),
            MaxLabel = t.Column<string>(maxLength: 100, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Questions", x => x.Id);
            t.ForeignKey("FK_Questions_Questionnaires_QuestionnaireId", x => x.QuestionnaireId, "Questionnaires", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_Questions_QuestionnaireSections_SectionId", x => x.SectionId, "QuestionnaireSections", "Id", onDelete: ReferentialAction.Cascade);
        });

        m.CreateTable("QuestionOptions", t => new
        {
            Id = Identity(t),
            QuestionId = t.Column<int>(nullable: false),
            Order = t.Column<int>(nullable: false),
            Text = t.Column<string>(maxLength: 300, nullable: false),
            Value = t.Column<int>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_QuestionOptions", x => x.Id);
            t.ForeignKey("FK_QuestionOptions_Questions_QuestionId", x => x.QuestionId, "Questions", "Id", onDelete: ReferentialAction.Cascade);
        });

        m.CreateTable("MonitoringSettings", t => new
        {
            OrganizationId = t.Column<int>(nullable: false),
            InterimAtPercent = t.Column<int>(nullable: false),
            FinalDaysBeforeEnd = t.Column<int>(nullable: false),
            FillDays = t.Column<int>(nullable: false),
            ReminderEveryDays = t.Column<int>(nullable: false),
            CustomSet = t.Column<bool>(nullable: false),
            Version = t.Column<Guid>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_MonitoringSettings", x => x.OrganizationId);
            t.ForeignKey("FK_MonitoringSettings_Organizations_OrganizationId", x => x.OrganizationId, "Organizations", "Id", onDelete: ReferentialAction.Cascade);
        });

        m.CreateTable("MonitoringSetItems", t => new
        {
            OrganizationId = t.Column<int>(nullable: false),
            QuestionnaireId = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_MonitoringSetItems", x => new { x.OrganizationId, x.QuestionnaireId });
            t.ForeignKey("FK_MonitoringSetItems_Organizations_OrganizationId", x => x.OrganizationId, "Organizations", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_MonitoringSetItems_Questionnaires_QuestionnaireId", x => x.QuestionnaireId, "Questionnaires", "Id", onDelete: ReferentialAction.Cascade);
        });

        m.CreateTable("MonitoringStages", t => new
        {
            Id = Identity(t),
            ProgramId = t.Column<int>(nullable: false),
            OrganizationId = t.Column<int>(nullable: false),
            MunicipalityId = t.Column<int>(nullable: false),
            RegionId = t.Column<int>(nullable: false),
            Kind = t.Column<string>(maxLength: 10, nullable: false),
            OpensOn = t.Column<DateOnly>(nullable: false),
            DueOn = t.Column<DateOnly>(nullable: false),
            OpenedAt = t.Column<DateTime>(nullable: true),
            OpenedBy = t.Column<string>(maxLength: 256, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_MonitoringStages", x => x.Id);
            t.ForeignKey("FK_MonitoringStages_MentoringPrograms_ProgramId", x => x.ProgramId, "MentoringPrograms", "Id", onDelete: ReferentialAction.Cascade);
        });

        m.CreateTable("MonitoringAssignments", t => new
        {
            Id = Identity(t),
            StageId = t.Column<int>(nullable: false),
            QuestionnaireId = t.Column<int>(nullable: false),
            Audience = t.Column<string>(maxLength: 10, nullable: false),
            PersonId = t.Column<int>(nullable: true),
            SubjectPersonId = t.Column<int>(nullable: true),
            OrganizationId = t.Column<int>(nullable: false),
            MunicipalityId = t.Column<int>(nullable: false),
            RegionId = t.Column<int>(nullable: false),
            CompletedAt = t.Column<DateTime>(nullable: true),
            CompletedByUserId = t.Column<string>(maxLength: 450, nullable: true),
            LastRemindedAt = t.Column<DateTime>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_MonitoringAssignments", x => x.Id);
            t.ForeignKey("FK_MonitoringAssignments_MonitoringStages_StageId", x => x.StageId, "MonitoringStages", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_MonitoringAssignments_Questionnaires_QuestionnaireId", x => x.QuestionnaireId, "Questionnaires", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_MonitoringAssignments_People_PersonId", x => x.PersonId, "People", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_MonitoringAssignments_People_SubjectPersonId", x => x.SubjectPersonId, "People", "Id", onDelete: ReferentialAction.Cascade);
        });

        m.CreateTable("MonitoringResponses", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            StageId = t.Column<int>(nullable: false),
            QuestionnaireId = t.Column<int>(nullable: false),
            RespondentRole = t.Column<string>(maxLength: 10, nullable: false),
            PersonId = t.Column<int>(nullable: true),
            SubjectPersonId = t.Column<int>(nullable: true),
            OrganizationId = t.Column<int>(nullable: false),
            MunicipalityId = t.Column<int>(nullable: false),
            RegionId = t.Column<int>(nullable: false),
            SubmittedAt = t.Column<DateTime>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_MonitoringResponses", x => x.Id);
            t.ForeignKey("FK_MonitoringResponses_MonitoringStages_StageId", x => x.StageId, "MonitoringStages", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_MonitoringResponses_Questionnaires_QuestionnaireId", x => x.QuestionnaireId, "Questionnaires", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_MonitoringResponses_People_PersonId", x => x.PersonId, "People", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_MonitoringResponses_People_SubjectPersonId", x => x.SubjectPersonId, "People", "Id", onDelete: ReferentialAction.Cascade);
        });

        m.CreateTable("MonitoringAnswers", t => new
        {
            Id = t.Column<long>(nullable: false).Annotation("Sqlite:Autoincrement", true).Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            ResponseId = t.Column<Guid>(nullable: false),
            QuestionId = t.Column<int>(nullable: false),
            Value = t.Column<int>(nullable: true),
            OptionId = t.Column<int>(nullable: true),
            Text = t.Column<string>(maxLength: 2000, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_MonitoringAnswers", x => x.Id);
            t.ForeignKey("FK_MonitoringAnswers_MonitoringResponses_ResponseId", x => x.ResponseId, "MonitoringResponses", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_MonitoringAnswers_Questions_QuestionId", x => x.QuestionId, "Questions", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_MonitoringAnswers_QuestionOptions_OptionId", x => x.OptionId, "QuestionOptions", "Id", onDelete: ReferentialAction.Restrict);
        });

        m.CreateIndex("IX_Questionnaires_RegionId_OrganizationId", "Questionnaires", ["RegionId", "OrganizationId"]);
        m.CreateIndex("IX_Questionnaires_MunicipalityId", "Questionnaires", "MunicipalityId");
        m.CreateIndex("IX_Questionnaires_BuiltInKey", "Questionnaires", "BuiltInKey");
        m.CreateIndex("IX_QuestionnaireSections_QuestionnaireId_Order", "QuestionnaireSections", ["QuestionnaireId", "Order"]);
        m.CreateIndex("IX_Questions_QuestionnaireId_Order", "Questions", ["QuestionnaireId", "Order"]);
        m.CreateIndex("IX_Questions_SectionId", "Questions", "SectionId");
        m.CreateIndex("IX_QuestionOptions_QuestionId_Order", "QuestionOptions", ["QuestionId", "Order"]);
        m.CreateIndex("IX_MonitoringSetItems_QuestionnaireId", "MonitoringSetItems", "QuestionnaireId");
        m.CreateIndex("IX_MonitoringStages_ProgramId_Kind", "MonitoringStages", ["ProgramId", "Kind"], unique: true);
        m.CreateIndex("IX_MonitoringStages_OrganizationId_OpensOn", "MonitoringStages", ["OrganizationId", "OpensOn"]);
        m.CreateIndex("IX_MonitoringStages_MunicipalityId_RegionId", "MonitoringStages", ["MunicipalityId", "RegionId"]);
        m.CreateIndex("IX_MonitoringAssignments_Slot", "MonitoringAssignments", ["StageId", "QuestionnaireId", "PersonId", "SubjectPersonId"], unique: true);
        m.CreateIndex("IX_MonitoringAssignments_PersonId_CompletedAt", "MonitoringAssignments", ["PersonId", "CompletedAt"]);
        m.CreateIndex("IX_MonitoringAssignments_SubjectPersonId", "MonitoringAssignments", "SubjectPersonId");
        m.CreateIndex("IX_MonitoringAssignments_QuestionnaireId", "MonitoringAssignments", "QuestionnaireId");
        m.CreateIndex("IX_MonitoringAssignments_OrganizationId_CompletedAt", "MonitoringAssignments", ["OrganizationId", "CompletedAt"]);
        m.CreateIndex("IX_MonitoringAssignments_MunicipalityId_RegionId", "MonitoringAssignments", ["MunicipalityId", "RegionId"]);
        m.CreateIndex("IX_MonitoringResponses_StageId_QuestionnaireId", "MonitoringResponses", ["StageId", "QuestionnaireId"]);
        m.CreateIndex("IX_MonitoringResponses_QuestionnaireId", "MonitoringResponses", "QuestionnaireId");
        m.CreateIndex("IX_MonitoringResponses_PersonId", "MonitoringResponses", "PersonId");
        m.CreateIndex("IX_MonitoringResponses_SubjectPersonId", "MonitoringResponses", "SubjectPersonId");
        m.CreateIndex("IX_MonitoringResponses_OrganizationId", "MonitoringResponses", "OrganizationId");
        m.CreateIndex("IX_MonitoringResponses_MunicipalityId_RegionId", "MonitoringResponses", ["MunicipalityId", "RegionId"]);
        m.CreateIndex("IX_MonitoringAnswers_ResponseId", "MonitoringAnswers", "ResponseId");
        m.CreateIndex("IX_MonitoringAnswers_QuestionId", "MonitoringAnswers", "QuestionId");
        m.CreateIndex("IX_MonitoringAnswers_OptionId", "MonitoringAnswers", "OptionId");

        foreach (var sql in BuiltInSql(m.IsSqlite())) m.Sql(sql);
    }

    /// <summary>
    /// The built-in templates as plain SQL (InsertData needs a model snapshot, which we do not keep). Generated keys are
    /// looked up by the template's key and the section's / question's order, so the same statements serve both providers.
    /// </summary>
    public static IEnumerable<string> BuiltInSql(bool sqlite)
    {
        // SQLite keeps DateTime as text without an offset; PostgreSQL's timestamptz wants one.
        var at = sqlite ? "'2026-11-23 00:00:00'" : "'2026-11-23 00:00:00+00'";
        static string S(string? s) => s is null ? "NULL" : "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'";
        static string N(int? n) => n is { } v ? v.ToString(CultureInfo.InvariantCulture) : "NULL";
        static string B(bool b) => b ? "TRUE" : "FALSE";
        var number = 0;
        foreach (var q in BuiltInQuestionnaires.All)
        {
            number++;
            var key = S(q.Key);
            yield return "INSERT INTO \"Questionnaires\" (\"RegionId\", \"MunicipalityId\", \"OrganizationId\", \"Title\", \"Description\", \"Kind\", \"Audience\", \"IsAnonymous\", " +
                         "\"Stages\", \"Status\", \"BuiltInKey\", \"IsDefault\", \"CopiedFromId\", \"CreatedAt\", \"CreatedBy\", \"PublishedAt\", \"Version\") VALUES " +
                         $"(NULL, NULL, NULL, {S(q.Title)}, {S(q.Description)}, {S(q.Kind.ToString())}, {S(q.Audience.ToString())}, {B(q.Anonymous)}, " +
                         $"{S(nameof(QuestionnaireStages.Both))}, {S(nameof(QuestionnaireStatus.Published))}, {key}, {B(q.IsDefault)}, NULL, {at}, 'система', {at}, " +
                         $"'00000000-0000-0000-0000-{number.ToString("D12", CultureInfo.InvariantCulture)}')";
            var order = 0;
            for (var si = 0; si < q.Sections.Length; si++)
            {
                var section = q.Sections[si];
                yield return $"INSERT INTO \"QuestionnaireSections\" (\"QuestionnaireId\", \"Order\", \"Title\") SELECT \"Id\", {N(si + 1)}, {S(section.Title)} FROM \"Questionnaires\" WHERE \"BuiltInKey\" = {key}";
                foreach (var x in section.Questions)
                {
                    order++;
                    yield return "INSERT INTO \"Questions\" (\"QuestionnaireId\", \"SectionId\", \"Order\", \"Text\", \"Kind\", \"Required\", \"ScaleMin\", \"ScaleMax\", \"MinLabel\", \"MaxLabel\") " +
                                 $"SELECT q.\"Id\", s.\"Id\", {N(order)}, {S(x.Text)}, {S(x.Kind.ToString())}, {B(x.Required)}, {N(x.Min)}, {N(x.Max)}, {S(x.MinLabel)}, {S(x.MaxLabel)} " +
                                 $"FROM \"Questionnaires\" q JOIN \"QuestionnaireSections\" s ON s.\"QuestionnaireId\" = q.\"Id\" AND s.\"Order\" = {N(si + 1)} WHERE q.\"BuiltInKey\" = {key}";
                    var options = x.Options ?? [];
                    for (var oi = 0; oi < options.Length; oi++)
                        yield return "INSERT INTO \"QuestionOptions\" (\"QuestionId\", \"Order\", \"Text\", \"Value\") " +
                                     $"SELECT x.\"Id\", {N(oi + 1)}, {S(options[oi])}, {N(x.Kind == QuestionKind.Scale ? x.Min + oi : null)} " +
                                     $"FROM \"Questions\" x JOIN \"Questionnaires\" q ON x.\"QuestionnaireId\" = q.\"Id\" WHERE q.\"BuiltInKey\" = {key} AND x.\"Order\" = {N(order)}";
                }
            }
        }
    }

    protected override void Down(MigrationBuilder m)
    {
        foreach (var table in new[] { "MonitoringAnswers", "MonitoringResponses", "MonitoringAssignments", "MonitoringStages", "MonitoringSetItems", "MonitoringSettings",
                     "QuestionOptions", "Questions", "QuestionnaireSections", "Questionnaires" })
            m.DropTable(table);
    }
}
