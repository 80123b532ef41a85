using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations.Builders;
using Nastavnik.Features.Indicators;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Nastavnik.Data.Migrations;

/// <summary>Indicators: the catalogue (with its defaults), enrolment per organisation by date, targets, manual values.</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261123000700_Indicators")]
public sealed class Indicators : Migration
{
    private static OperationBuilder<AddColumnOperation> Identity(ColumnsBuilder t) =>
        t.Column<int>(nullable: false).Annotation("Sqlite:Autoincrement", true).Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn);

    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("Indicators", t => new
        {
            Id = Identity(t),
            RegionId = t.Column<int>(nullable: true),
            Code = t.Column<string>(maxLength: 50, nullable: false),
            Name = t.Column<string>(maxLength: 500, nullable: false),
            Unit = t.Column<string>(maxLength: 20, nullable: false),
            Computation = t.Column<string>(maxLength: 40, nullable: false),
            Method = t.Column<string>(maxLength: 500, nullable: true),
            SortOrder = t.Column<int>(nullable: false),
            IsArchived = t.Column<bool>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Indicators", x => x.Id);
            t.ForeignKey("FK_Indicators_Regions_RegionId", x => x.RegionId, "Regions", "Id", onDelete: ReferentialAction.Restrict);
        });

        m.CreateTable("OrganizationEnrolments", t => new
        {
            Id = Identity(t),
            OrganizationId = t.Column<int>(nullable: false),
            MunicipalityId = t.Column<int>(nullable: false),
            RegionId = t.Column<int>(nullable: false),
            AsOf = t.Column<DateOnly>(nullable: false),
            Pupils = t.Column<int>(nullable: false),
            Teachers = t.Column<int>(nullable: false),
            EnteredAt = t.Column<DateTime>(nullable: false),
            EnteredBy = t.Column<string>(maxLength: 256, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_OrganizationEnrolments", x => x.Id);
            t.ForeignKey("FK_OrganizationEnrolments_Organizations_OrganizationId", x => x.OrganizationId, "Organizations", "Id", onDelete: ReferentialAction.Cascade);
        });

        m.CreateTable("IndicatorTargets", t => new
        {
            Id = Identity(t),
            IndicatorCode = t.Column<string>(maxLength: 50, nullable: false),
            RegionId = t.Column<int>(nullable: false),
            MunicipalityId = t.Column<int>(nullable: true),
            OrganizationId = t.Column<int>(nullable: true),
            DueOn = t.Column<DateOnly>(nullable: false),
            Kind = t.Column<string>(maxLength: 20, nullable: false),
            Value = t.Column<double>(nullable: false),
            EnteredAt = t.Column<DateTime>(nullable: false),
            EnteredBy = t.Column<string>(maxLength: 256, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_IndicatorTargets", x => x.Id);
            t.ForeignKey("FK_IndicatorTargets_Regions_RegionId", x => x.RegionId, "Regions", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_IndicatorTargets_Municipalities_MunicipalityId", x => x.MunicipalityId, "Municipalities", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_IndicatorTargets_Organizations_OrganizationId", x => x.OrganizationId, "Organizations", "Id", onDelete: ReferentialAction.Cascade);
        });

        m.CreateTable("IndicatorValues", t => new
        {
            Id = Identity(t),
            IndicatorCode = t.Column<string>(maxLength: 50, nullable: false),
            RegionId = t.Column<int>(nullable: false),
            MunicipalityId = t.Column<int>(nullable: false),
            OrganizationId = t.Column<int>(nullable: true),
            AsOf = t.Column<DateOnly>(nullable: false),
            Value = t.Column<double>(nullable: false),
            Numerator = t.Column<int>(nullable: true),
            Denominator = t.Column<int>(nullable: true),
            Source = t.Column<string>(maxLength: 500, nullable: false),
            EnteredAt = t.Column<DateTime>(nullable: false),
            EnteredBy = t.Column<string>(maxLength: 256, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_IndicatorValues", x => x.Id);
            t.ForeignKey("FK_IndicatorValues_Municipalities_MunicipalityId", x => x.MunicipalityId, "Municipalities", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_IndicatorValues_Organizations_OrganizationId", x => x.OrganizationId, "Organizations", "Id", onDelete: ReferentialAction.Cascade);
        });

        m.CreateIndex("IX_Indicators_RegionId_Code", "Indicators", ["RegionId", "Code"]);
        m.CreateIndex("IX_OrganizationEnrolments_OrganizationId_AsOf", "OrganizationEnrolments", ["OrganizationId", "AsOf"], unique: true);
        m.CreateIndex("IX_OrganizationEnrolments_MunicipalityId", "OrganizationEnrolments", "MunicipalityId");
        m.CreateIndex("IX_IndicatorTargets_RegionId_IndicatorCode_DueOn", "IndicatorTargets", ["RegionId", "IndicatorCode", "DueOn"]);
        m.CreateIndex("IX_IndicatorTargets_MunicipalityId", "IndicatorTargets", "MunicipalityId");
        m.CreateIndex("IX_IndicatorTargets_OrganizationId", "IndicatorTargets", "OrganizationId");
        m.CreateIndex("IX_IndicatorValues_MunicipalityId_IndicatorCode_AsOf", "IndicatorValues", ["MunicipalityId", "IndicatorCode", "AsOf"]);
        m.CreateIndex("IX_IndicatorValues_OrganizationId", "IndicatorValues", "OrganizationId");

        // The default catalogue. Plain SQL: without a model snapshot InsertData cannot find column types.
        var order = 0;
        foreach (var e in DefaultIndicators.All)
        {
            order += 10;
            var method = e.Method is null ? "NULL" : $"'{Q(e.Method)}'";
            m.Sql($"INSERT INTO \"Indicators\" (\"Code\", \"Name\", \"Unit\", \"Computation\", \"Method\", \"SortOrder\", \"IsArchived\") VALUES ('{Q(e.Code)}', '{Q(e.Name)}', '{e.Unit}', '{e.Computation}', {method}, {order.ToString(System.Globalization.CultureInfo.InvariantCulture)}, FALSE)");
        }
    }

    private static string Q(string s) => s.Replace("'", "''", StringComparison.Ordinal);

    protected override void Down(MigrationBuilder m)
    {
        foreach (var table in new[] { "IndicatorValues", "IndicatorTargets", "OrganizationEnrolments", "Indicators" }) m.DropTable(table);
    }
}
