using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations.Builders;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Nastavnik.Data.Migrations;

/// <summary>The e-mail outbox, the user's choice about letters, and the warnings already sent per programme.</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261123002200_Notify")]
public sealed class Notify : Migration
{
    private static OperationBuilder<AddColumnOperation> Identity<T>(ColumnsBuilder t) =>
        t.Column<T>(nullable: false).Annotation("Sqlite:Autoincrement", true).Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn);

    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("OutboxEmails", t => new
        {
            Id = Identity<long>(t),
            UserId = t.Column<string>(maxLength: 450, nullable: true),
            To = t.Column<string>(maxLength: 256, nullable: false),
            ToName = t.Column<string>(maxLength: 300, nullable: true),
            Subject = t.Column<string>(maxLength: 200, nullable: false),
            Text = t.Column<string>(maxLength: 500, nullable: false),
            Link = t.Column<string>(maxLength: 300, nullable: true),
            Status = t.Column<string>(maxLength: 10, nullable: false),
            Attempts = t.Column<int>(nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
            NextAttemptAt = t.Column<DateTime>(nullable: false),
            LockedUntil = t.Column<DateTime>(nullable: true),
            SentAt = t.Column<DateTime>(nullable: true),
            LastError = t.Column<string>(maxLength: 200, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_OutboxEmails", x => x.Id);
            t.ForeignKey("FK_OutboxEmails_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_OutboxEmails_Status_NextAttemptAt", "OutboxEmails", ["Status", "NextAttemptAt"]);
        m.CreateIndex("IX_OutboxEmails_UserId", "OutboxEmails", "UserId");

        m.CreateTable("NotificationSettings", t => new
        {
            UserId = t.Column<string>(maxLength: 450, nullable: false),
            SendEmail = t.Column<bool>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_NotificationSettings", x => x.UserId);
            t.ForeignKey("FK_NotificationSettings_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
        });

        m.CreateTable("ProgrammeWarningStates", t => new
        {
            Id = Identity<long>(t),
            ProgramId = t.Column<int>(nullable: false),
            Key = t.Column<string>(maxLength: 60, nullable: false),
            RaisedAt = t.Column<DateTime>(nullable: false),
            LastSentAt = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_ProgrammeWarningStates", x => x.Id);
            t.ForeignKey("FK_ProgrammeWarningStates_MentoringPrograms_ProgramId", x => x.ProgramId, "MentoringPrograms", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_ProgrammeWarningStates_ProgramId_Key", "ProgrammeWarningStates", ["ProgramId", "Key"], unique: true);
    }

    protected override void Down(MigrationBuilder m)
    {
        m.DropTable("ProgrammeWarningStates");
        m.DropTable("NotificationSettings");
        m.DropTable("OutboxEmails");
    }
}
