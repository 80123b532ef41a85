using System.Globalization;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations.Builders;
using Nastavnik.Features.Programmes.Templates;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Nastavnik.Data.Migrations;

/// <summary>
/// Programme templates (with the built-in ones from <see cref="ProgrammeTemplateDefaults"/>, which have no region and
/// so are seen in every region, present and future) and individual educational routes (ИОМ) with their deficits and steps.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261123002300_TemplatesAndRoutes")]
public sealed class TemplatesAndRoutes : Migration
{
    private static OperationBuilder<AddColumnOperation> Identity(ColumnsBuilder t) =>
        t.Column<int>(nullable: false).Annotation("Sqlite:Autoincrement", true).Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn);

    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("ProgrammeTemplates", t => new
        {
            Id = Identity(t),
            RegionId = t.Column<int>(nullable: true),
            MunicipalityId = t.Column<int>(nullable: true),
            OrganizationId = t.Column<int>(nullable: true),
            Code = t.Column<string>(maxLength: 50, nullable: true),
            Title = t.Column<string>(maxLength: 300, nullable: false),
            FormId = t.Column<int>(nullable: false),
            Directions = t.Column<string>(maxLength: 300, nullable: false),
            Goal = t.Column<string>(maxLength: 2000, nullable: false),
            Tasks = t.Column<string>(maxLength: 4000, nullable: true),
            DurationMonths = t.Column<int>(nullable: false),
            IsArchived = t.Column<bool>(nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
            CreatedBy = t.Column<string>(maxLength: 256, nullable: true),
            UpdatedAt = t.Column<DateTime>(nullable: true),
            UpdatedBy = t.Column<string>(maxLength: 256, nullable: true),
            Version = t.Column<Guid>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_ProgrammeTemplates", x => x.Id);
            t.ForeignKey("FK_ProgrammeTemplates_MentoringForms_FormId", x => x.FormId, "MentoringForms", "Id", onDelete: ReferentialAction.Restrict);
        });

        m.CreateTable("ProgrammeTemplateItems", t => new
        {
            Id = Identity(t),
            TemplateId = t.Column<int>(nullable: false),
            SortOrder = t.Column<int>(nullable: false),
            Title = t.Column<string>(maxLength: 1000, nullable: false),
            ExpectedResult = t.Column<string>(maxLength: 1000, nullable: true),
            ResultForm = t.Column<string>(maxLength: 300, nullable: true),
            OffsetDays = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_ProgrammeTemplateItems", x => x.Id);
            t.ForeignKey("FK_ProgrammeTemplateItems_ProgrammeTemplates_TemplateId", x => x.TemplateId, "ProgrammeTemplates", "Id", onDelete: ReferentialAction.Cascade);
        });

        m.CreateTable("IndividualRoutes", t => new
        {
            Id = Identity(t),
            PersonId = t.Column<int>(nullable: false),
            OrganizationId = t.Column<int>(nullable: false),
            MunicipalityId = t.Column<int>(nullable: false),
            RegionId = t.Column<int>(nullable: false),
            Goal = t.Column<string>(maxLength: 2000, nullable: false),
            StartDate = t.Column<DateOnly>(nullable: false),
            EndDate = t.Column<DateOnly>(nullable: false),
            TutorUserId = t.Column<string>(nullable: true),
            TutorName = t.Column<string>(maxLength: 300, nullable: true),
            Status = t.Column<string>(maxLength: 20, nullable: false),
            Result = t.Column<string>(maxLength: 2000, nullable: true),
            CreatedAt = t.Column<DateTime>(nullable: false),
            CreatedBy = t.Column<string>(maxLength: 256, nullable: true),
            Version = t.Column<Guid>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_IndividualRoutes", x => x.Id);
            t.ForeignKey("FK_IndividualRoutes_People_PersonId", x => x.PersonId, "People", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_IndividualRoutes_AspNetUsers_TutorUserId", x => x.TutorUserId, "AspNetUsers", "Id", onDelete: ReferentialAction.SetNull);
        });

        m.CreateTable("IndividualRouteDeficits", t => new
        {
            RouteId = t.Column<int>(nullable: false),
            DeficitId = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_IndividualRouteDeficits", x => new { x.RouteId, x.DeficitId });
            t.ForeignKey("FK_IndividualRouteDeficits_IndividualRoutes_RouteId", x => x.RouteId, "IndividualRoutes", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_IndividualRouteDeficits_Deficits_DeficitId", x => x.DeficitId, "Deficits", "Id", onDelete: ReferentialAction.Cascade);
        });

        m.CreateTable("IndividualRouteItems", t => new
        {
            Id = Identity(t),
            RouteId = t.Column<int>(nullable: false),
            Title = t.Column<string>(maxLength: 1000, nullable: false),
            Kind = t.Column<string>(maxLength: 30, nullable: false),
            Organizer = t.Column<string>(maxLength: 300, nullable: true),
            Hours = t.Column<int>(nullable: true),
            DueOn = t.Column<DateOnly>(nullable: true),
            Status = t.Column<string>(maxLength: 20, nullable: false),
            Evidence = t.Column<string>(maxLength: 1000, nullable: true),
            DoneOn = t.Column<DateOnly>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_IndividualRouteItems", x => x.Id);
            t.ForeignKey("FK_IndividualRouteItems_IndividualRoutes_RouteId", x => x.RouteId, "IndividualRoutes", "Id", onDelete: ReferentialAction.Cascade);
        });

        m.CreateIndex("IX_ProgrammeTemplates_RegionId_MunicipalityId_OrganizationId", "ProgrammeTemplates", ["RegionId", "MunicipalityId", "OrganizationId"]);
        m.CreateIndex("IX_ProgrammeTemplates_FormId", "ProgrammeTemplates", "FormId");
        m.CreateIndex("IX_ProgrammeTemplates_Code", "ProgrammeTemplates", "Code");
        m.CreateIndex("IX_ProgrammeTemplateItems_TemplateId", "ProgrammeTemplateItems", "TemplateId");
        m.CreateIndex("IX_IndividualRoutes_PersonId", "IndividualRoutes", "PersonId");
        m.CreateIndex("IX_IndividualRoutes_OrganizationId", "IndividualRoutes", "OrganizationId");
        m.CreateIndex("IX_IndividualRoutes_MunicipalityId_RegionId", "IndividualRoutes", ["MunicipalityId", "RegionId"]);
        m.CreateIndex("IX_IndividualRoutes_TutorUserId", "IndividualRoutes", "TutorUserId");
        m.CreateIndex("IX_IndividualRouteDeficits_DeficitId", "IndividualRouteDeficits", "DeficitId");
        m.CreateIndex("IX_IndividualRouteItems_RouteId", "IndividualRouteItems", "RouteId");

        // Built-in templates: plain SQL (InsertData needs a model snapshot). The form is found by its default code; the
        // items by their template's code. Version is written the way EF stores a Guid on SQLite (upper-case text), so the
        // concurrency check matches when the administrator edits a built-in template.
        static string Q(string? s) => s is null ? "NULL" : "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'";
        static string N(int n) => n.ToString(CultureInfo.InvariantCulture);
        foreach (var d in ProgrammeTemplateDefaults.All)
        {
            m.Sql("INSERT INTO \"ProgrammeTemplates\" (\"Code\", \"Title\", \"FormId\", \"Directions\", \"Goal\", \"Tasks\", \"DurationMonths\", \"IsArchived\", \"CreatedAt\", \"CreatedBy\", \"Version\") " +
                  $"SELECT {Q(d.Code)}, {Q(d.Title)}, f.\"Id\", {Q(ProgrammePlan.JoinDirections(d.Directions))}, {Q(d.Goal)}, {Q(d.Tasks)}, {N(d.DurationMonths)}, FALSE, CURRENT_TIMESTAMP, 'система', " +
                  $"{Q(Guid.NewGuid().ToString("D").ToUpperInvariant())} FROM \"MentoringForms\" f WHERE f.\"RegionId\" IS NULL AND f.\"Code\" = {Q(d.FormCode)}");
            var order = 0;
            foreach (var i in d.Items)
                m.Sql("INSERT INTO \"ProgrammeTemplateItems\" (\"TemplateId\", \"SortOrder\", \"Title\", \"ExpectedResult\", \"ResultForm\", \"OffsetDays\") " +
                      $"SELECT t.\"Id\", {N(order++)}, {Q(i.Title)}, {Q(i.ExpectedResult)}, {Q(i.ResultForm)}, {N(i.OffsetDays)} FROM \"ProgrammeTemplates\" t " +
                      $"WHERE t.\"RegionId\" IS NULL AND t.\"Code\" = {Q(d.Code)}");
        }
    }

    protected override void Down(MigrationBuilder m)
    {
        m.DropTable("IndividualRouteItems");
        m.DropTable("IndividualRouteDeficits");
        m.DropTable("IndividualRoutes");
        m.DropTable("ProgrammeTemplateItems");
        m.DropTable("ProgrammeTemplates");
    }
}
