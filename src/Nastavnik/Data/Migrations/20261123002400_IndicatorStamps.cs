using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Nastavnik.Data.Migrations;

/// <summary>Change counters behind the dashboards' cached figures (see Features/Indicators/IndicatorStamps.cs). No rows: a missing counter reads as 0.</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261123002400_IndicatorStamps")]
public sealed class IndicatorStamps : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("IndicatorStamps", t => new
        {
            Key = t.Column<string>(maxLength: 24, nullable: false),
            RegionId = t.Column<int>(nullable: true),
            MunicipalityId = t.Column<int>(nullable: true),
            Value = t.Column<long>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_IndicatorStamps", x => x.Key));
        m.CreateIndex("IX_IndicatorStamps_RegionId", "IndicatorStamps", "RegionId");
    }

    protected override void Down(MigrationBuilder m) => m.DropTable("IndicatorStamps");
}
