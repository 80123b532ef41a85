using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations.Builders;
using Nastavnik.Features.Mentorships;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Nastavnik.Data.Migrations;

/// <summary>Pairs and groups: forms and kinds (with the defaults), mentorships, participants, history, approval orders, support marks, notifications.</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261123000400_Mentorships")]
public sealed class Mentorships : Migration
{
    private static OperationBuilder<AddColumnOperation> Identity<T>(ColumnsBuilder t) =>
        t.Column<T>(nullable: false).Annotation("Sqlite:Autoincrement", true).Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn);

    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("MentoringForms", t => new
        {
            Id = Identity<int>(t),
            RegionId = t.Column<int>(nullable: true),
            Code = t.Column<string>(maxLength: 50, nullable: false),
            Name = t.Column<string>(maxLength: 200, nullable: false),
            MentorKinds = t.Column<string>(maxLength: 100, nullable: false),
            MenteeKinds = t.Column<string>(maxLength: 100, nullable: false),
            ForbidsManagerOverSubordinate = t.Column<bool>(nullable: false),
            IsArchived = t.Column<bool>(nullable: false),
            SortOrder = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_MentoringForms", x => x.Id);
            t.ForeignKey("FK_MentoringForms_Regions_RegionId", x => x.RegionId, "Regions", "Id", onDelete: ReferentialAction.Restrict);
        });

        m.CreateTable("MentoringKinds", t => new
        {
            Id = Identity<int>(t),
            RegionId = t.Column<int>(nullable: true),
            Code = t.Column<string>(maxLength: 50, nullable: false),
            Name = t.Column<string>(maxLength: 200, nullable: false),
            MinMentees = t.Column<int>(nullable: false),
            MaxMentees = t.Column<int>(nullable: true),
            PeersOnly = t.Column<bool>(nullable: false),
            IsArchived = t.Column<bool>(nullable: false),
            SortOrder = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_MentoringKinds", x => x.Id);
            t.ForeignKey("FK_MentoringKinds_Regions_RegionId", x => x.RegionId, "Regions", "Id", onDelete: ReferentialAction.Restrict);
        });

        m.CreateTable("ApprovalOrders", t => new
        {
            Id = Identity<int>(t),
            OrganizationId = t.Column<int>(nullable: false),
            MunicipalityId = t.Column<int>(nullable: false),
            RegionId = t.Column<int>(nullable: false),
            Number = t.Column<string>(maxLength: 50, nullable: false),
            Year = t.Column<int>(nullable: false),
            Date = t.Column<DateOnly>(nullable: false),
            SignedBy = t.Column<string>(maxLength: 300, nullable: true),
            Document = t.Column<byte[]>(nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
            CreatedBy = t.Column<string>(maxLength: 256, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_ApprovalOrders", x => x.Id);
            t.ForeignKey("FK_ApprovalOrders_Organizations_OrganizationId", x => x.OrganizationId, "Organizations", "Id", onDelete: ReferentialAction.Restrict);
        });

        m.CreateTable("Mentorships", t => new
        {
            Id = Identity<int>(t),
            OrganizationId = t.Column<int>(nullable: false),
            MunicipalityId = t.Column<int>(nullable: false),
            RegionId = t.Column<int>(nullable: false),
            FormId = t.Column<int>(nullable: false),
            KindId = t.Column<int>(nullable: false),
            Status = t.Column<string>(maxLength: 20, nullable: false),
            StartDate = t.Column<DateOnly>(nullable: false),
            EndDate = t.Column<DateOnly>(nullable: false),
            ClosedOn = t.Column<DateOnly>(nullable: true),
            CloseReason = t.Column<string>(maxLength: 1000, nullable: true),
            Result = t.Column<string>(maxLength: 2000, nullable: true),
            RequestNote = t.Column<string>(maxLength: 1000, nullable: true),
            IsMenteeRequest = t.Column<bool>(nullable: false),
            ReplacementRequestedAt = t.Column<DateTime>(nullable: true),
            ReplacementReason = t.Column<string>(maxLength: 1000, nullable: true),
            ReplacesMentorshipId = t.Column<int>(nullable: true),
            ApprovalOrderId = t.Column<int>(nullable: true),
            CreatedAt = t.Column<DateTime>(nullable: false),
            CreatedBy = t.Column<string>(maxLength: 256, nullable: true),
            Version = t.Column<Guid>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Mentorships", x => x.Id);
            t.ForeignKey("FK_Mentorships_ApprovalOrders_ApprovalOrderId", x => x.ApprovalOrderId, "ApprovalOrders", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Mentorships_MentoringForms_FormId", x => x.FormId, "MentoringForms", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Mentorships_MentoringKinds_KindId", x => x.KindId, "MentoringKinds", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Mentorships_Mentorships_ReplacesMentorshipId", x => x.ReplacesMentorshipId, "Mentorships", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Mentorships_Organizations_OrganizationId", x => x.OrganizationId, "Organizations", "Id", onDelete: ReferentialAction.Restrict);
        });

        m.CreateTable("MentorshipParticipants", t => new
        {
            MentorshipId = t.Column<int>(nullable: false),
            PersonId = t.Column<int>(nullable: false),
            Role = t.Column<string>(maxLength: 10, nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_MentorshipParticipants", x => new { x.MentorshipId, x.PersonId });
            t.ForeignKey("FK_MentorshipParticipants_Mentorships_MentorshipId", x => x.MentorshipId, "Mentorships", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_MentorshipParticipants_People_PersonId", x => x.PersonId, "People", "Id", onDelete: ReferentialAction.Cascade);
        });

        m.CreateTable("MentorshipTransitions", t => new
        {
            Id = Identity<int>(t),
            MentorshipId = t.Column<int>(nullable: false),
            From = t.Column<string>(maxLength: 20, nullable: false),
            To = t.Column<string>(maxLength: 20, nullable: false),
            At = t.Column<DateTime>(nullable: false),
            UserId = t.Column<string>(maxLength: 450, nullable: true),
            UserName = t.Column<string>(maxLength: 256, nullable: true),
            Reason = t.Column<string>(maxLength: 1000, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_MentorshipTransitions", x => x.Id);
            t.ForeignKey("FK_MentorshipTransitions_Mentorships_MentorshipId", x => x.MentorshipId, "Mentorships", "Id", onDelete: ReferentialAction.Cascade);
        });

        m.CreateTable("MenteeSupports", t => new
        {
            PersonId = t.Column<int>(nullable: false),
            Since = t.Column<DateOnly>(nullable: false),
            SetBy = t.Column<string>(maxLength: 256, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_MenteeSupports", x => x.PersonId);
            t.ForeignKey("FK_MenteeSupports_People_PersonId", x => x.PersonId, "People", "Id", onDelete: ReferentialAction.Cascade);
        });

        m.CreateTable("Notifications", t => new
        {
            Id = Identity<long>(t),
            UserId = t.Column<string>(maxLength: 450, nullable: false),
            Text = t.Column<string>(maxLength: 500, nullable: false),
            Link = t.Column<string>(maxLength: 300, nullable: true),
            CreatedAt = t.Column<DateTime>(nullable: false),
            ReadAt = t.Column<DateTime>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Notifications", x => x.Id);
            t.ForeignKey("FK_Notifications_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
        });

        m.CreateIndex("IX_ApprovalOrders_OrganizationId_Year_Number", "ApprovalOrders", ["OrganizationId", "Year", "Number"], unique: true);
        m.CreateIndex("IX_MentoringForms_RegionId_Code", "MentoringForms", ["RegionId", "Code"]);
        m.CreateIndex("IX_MentoringKinds_RegionId_Code", "MentoringKinds", ["RegionId", "Code"]);
        m.CreateIndex("IX_Mentorships_ApprovalOrderId", "Mentorships", "ApprovalOrderId");
        m.CreateIndex("IX_Mentorships_FormId", "Mentorships", "FormId");
        m.CreateIndex("IX_Mentorships_KindId", "Mentorships", "KindId");
        m.CreateIndex("IX_Mentorships_MunicipalityId_OrganizationId", "Mentorships", ["MunicipalityId", "OrganizationId"]);
        m.CreateIndex("IX_Mentorships_OrganizationId_Status", "Mentorships", ["OrganizationId", "Status"]);
        m.CreateIndex("IX_Mentorships_RegionId", "Mentorships", "RegionId");
        m.CreateIndex("IX_Mentorships_ReplacesMentorshipId", "Mentorships", "ReplacesMentorshipId");
        m.CreateIndex("IX_MentorshipParticipants_PersonId", "MentorshipParticipants", "PersonId");
        m.CreateIndex("IX_MentorshipTransitions_MentorshipId", "MentorshipTransitions", "MentorshipId");
        m.CreateIndex("IX_Notifications_UserId_ReadAt", "Notifications", ["UserId", "ReadAt"]);

        // Defaults for every region (RegionId null). Plain SQL reads the same on SQLite and PostgreSQL.
        var order = 0;
        foreach (var f in MentoringDefaults.Forms)
            m.Sql($"INSERT INTO \"MentoringForms\" (\"Code\", \"Name\", \"MentorKinds\", \"MenteeKinds\", \"ForbidsManagerOverSubordinate\", \"IsArchived\", \"SortOrder\") " +
                  $"VALUES ('{f.Code}', '{f.Name}', '{f.MentorKinds}', '{f.MenteeKinds}', {(f.ForbidsManager ? "TRUE" : "FALSE")}, FALSE, {++order})");
        order = 0;
        foreach (var k in MentoringDefaults.Kinds)
            m.Sql($"INSERT INTO \"MentoringKinds\" (\"Code\", \"Name\", \"MinMentees\", \"MaxMentees\", \"PeersOnly\", \"IsArchived\", \"SortOrder\") " +
                  $"VALUES ('{k.Code}', '{k.Name}', {k.Min}, {(k.Max is { } max ? max.ToString(System.Globalization.CultureInfo.InvariantCulture) : "NULL")}, {(k.PeersOnly ? "TRUE" : "FALSE")}, FALSE, {++order})");
    }

    protected override void Down(MigrationBuilder m)
    {
        foreach (var table in new[] { "Notifications", "MenteeSupports", "MentorshipTransitions", "MentorshipParticipants", "Mentorships", "ApprovalOrders", "MentoringKinds", "MentoringForms" })
            m.DropTable(table);
    }
}
