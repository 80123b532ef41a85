using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations.Builders;
using Nastavnik.Features.People;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Nastavnik.Data.Migrations;

/// <summary>Registers: people, mentor and mentee profiles, the competency catalogue (with its default entries), deficits, consents, destruction records.</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261123000200_People")]
public sealed class People : Migration
{
    private static OperationBuilder<AddColumnOperation> Identity(ColumnsBuilder t) =>
        t.Column<int>(nullable: false).Annotation("Sqlite:Autoincrement", true).Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn);

    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("DestructionRecords", t => new
        {
            Id = Identity(t),
            OrganizationId = t.Column<int>(nullable: false),
            MunicipalityId = t.Column<int>(nullable: false),
            RegionId = t.Column<int>(nullable: false),
            FormerPersonId = t.Column<int>(nullable: false),
            Subject = t.Column<string>(maxLength: 100, nullable: false),
            DataDestroyed = t.Column<string>(maxLength: 2000, nullable: false),
            Reason = t.Column<string>(maxLength: 500, nullable: false),
            RequestedBy = t.Column<string>(maxLength: 256, nullable: true),
            WithdrawnAt = t.Column<DateTime>(nullable: false),
            DestroyedAt = t.Column<DateTime>(nullable: false),
            KeepUntil = t.Column<DateTime>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_DestructionRecords", x => x.Id));

        m.CreateTable("Competencies", t => new
        {
            Id = Identity(t),
            RegionId = t.Column<int>(nullable: true),
            Group = t.Column<string>(maxLength: 100, nullable: false),
            Name = t.Column<string>(maxLength: 300, nullable: false),
            IsArchived = t.Column<bool>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Competencies", x => x.Id);
            t.ForeignKey("FK_Competencies_Regions_RegionId", x => x.RegionId, "Regions", "Id", onDelete: ReferentialAction.Restrict);
        });

        m.CreateTable("People", t => new
        {
            Id = Identity(t),
            OrganizationId = t.Column<int>(nullable: false),
            MunicipalityId = t.Column<int>(nullable: false),
            RegionId = t.Column<int>(nullable: false),
            LastName = t.Column<string>(maxLength: 100, nullable: false),
            FirstName = t.Column<string>(maxLength: 100, nullable: false),
            MiddleName = t.Column<string>(maxLength: 100, nullable: true),
            BirthDate = t.Column<DateOnly>(nullable: true),
            Email = t.Column<string>(maxLength: 200, nullable: true),
            Phone = t.Column<string>(maxLength: 50, nullable: true),
            Kind = t.Column<string>(maxLength: 20, nullable: false),
            ClassName = t.Column<string>(maxLength: 20, nullable: true),
            StudyGroup = t.Column<string>(maxLength: 50, nullable: true),
            PartnerOrganizationId = t.Column<int>(nullable: true),
            AgreementNumber = t.Column<string>(maxLength: 50, nullable: true),
            AgreementDate = t.Column<DateOnly>(nullable: true),
            AgreementEnd = t.Column<DateOnly>(nullable: true),
            Position = t.Column<string>(maxLength: 200, nullable: true),
            Subjects = t.Column<string>(maxLength: 500, nullable: true),
            TotalExperienceYears = t.Column<int>(nullable: true),
            PedagogicalExperienceYears = t.Column<int>(nullable: true),
            Qualification = t.Column<string>(maxLength: 20, nullable: true),
            HasPedagogicalEducation = t.Column<bool>(nullable: true),
            Courses = t.Column<string>(maxLength: 2000, nullable: true),
            GuardianName = t.Column<string>(maxLength: 300, nullable: true),
            GuardianPhone = t.Column<string>(maxLength: 50, nullable: true),
            GuardianEmail = t.Column<string>(maxLength: 200, nullable: true),
            GuardianBasis = t.Column<string>(maxLength: 300, nullable: true),
            EnteredOn = t.Column<DateOnly>(nullable: false),
            IsWithdrawn = t.Column<bool>(nullable: false),
            WithdrawnAt = t.Column<DateTime>(nullable: true),
            Version = t.Column<Guid>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_People", x => x.Id);
            t.ForeignKey("FK_People_Organizations_OrganizationId", x => x.OrganizationId, "Organizations", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_People_Organizations_PartnerOrganizationId", x => x.PartnerOrganizationId, "Organizations", "Id", onDelete: ReferentialAction.Restrict);
        });

        m.CreateTable("Consents", t => new
        {
            Id = Identity(t),
            PersonId = t.Column<int>(nullable: false),
            Kind = t.Column<string>(maxLength: 20, nullable: false),
            GivenBy = t.Column<string>(maxLength: 20, nullable: false),
            GuardianName = t.Column<string>(maxLength: 300, nullable: true),
            GuardianAuthority = t.Column<string>(maxLength: 300, nullable: true),
            Operator = t.Column<string>(maxLength: 500, nullable: false),
            Purpose = t.Column<string>(maxLength: 1000, nullable: false),
            DataList = t.Column<string>(maxLength: 2000, nullable: false),
            Actions = t.Column<string>(maxLength: 1000, nullable: false),
            Term = t.Column<string>(maxLength: 300, nullable: false),
            WithdrawalProcedure = t.Column<string>(maxLength: 1000, nullable: false),
            SignedOn = t.Column<DateOnly>(nullable: false),
            ScanFileName = t.Column<string>(maxLength: 200, nullable: true),
            Scan = t.Column<byte[]>(nullable: true),
            RecordedAt = t.Column<DateTime>(nullable: false),
            RecordedBy = t.Column<string>(maxLength: 256, nullable: true),
            WithdrawnAt = t.Column<DateTime>(nullable: true),
            WithdrawalReason = t.Column<string>(maxLength: 500, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Consents", x => x.Id);
            t.ForeignKey("FK_Consents_People_PersonId", x => x.PersonId, "People", "Id", onDelete: ReferentialAction.Cascade);
        });

        m.CreateTable("Deficits", t => new
        {
            Id = Identity(t),
            PersonId = t.Column<int>(nullable: false),
            CompetencyId = t.Column<int>(nullable: false),
            Source = t.Column<string>(maxLength: 20, nullable: false),
            IdentifiedOn = t.Column<DateOnly>(nullable: false),
            Note = t.Column<string>(maxLength: 1000, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Deficits", x => x.Id);
            t.ForeignKey("FK_Deficits_Competencies_CompetencyId", x => x.CompetencyId, "Competencies", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Deficits_People_PersonId", x => x.PersonId, "People", "Id", onDelete: ReferentialAction.Cascade);
        });

        m.CreateTable("MenteeProfiles", t => new
        {
            PersonId = t.Column<int>(nullable: false),
            Request = t.Column<string>(maxLength: 2000, nullable: true),
            Expectations = t.Column<string>(maxLength: 2000, nullable: true),
            Status = t.Column<string>(maxLength: 20, nullable: false),
            EnteredOn = t.Column<DateOnly>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_MenteeProfiles", x => x.PersonId);
            t.ForeignKey("FK_MenteeProfiles_People_PersonId", x => x.PersonId, "People", "Id", onDelete: ReferentialAction.Cascade);
        });

        m.CreateTable("MentorProfiles", t => new
        {
            PersonId = t.Column<int>(nullable: false),
            Achievements = t.Column<string>(maxLength: 2000, nullable: true),
            Interests = t.Column<string>(maxLength: 1000, nullable: true),
            PreferredMentees = t.Column<string>(maxLength: 1000, nullable: true),
            PreferredAgeFrom = t.Column<int>(nullable: true),
            PreferredAgeTo = t.Column<int>(nullable: true),
            HoursPerMonth = t.Column<int>(nullable: true),
            Capacity = t.Column<int>(nullable: false),
            Training = t.Column<string>(maxLength: 1000, nullable: true),
            Status = t.Column<string>(maxLength: 20, nullable: false),
            EnteredOn = t.Column<DateOnly>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_MentorProfiles", x => x.PersonId);
            t.ForeignKey("FK_MentorProfiles_People_PersonId", x => x.PersonId, "People", "Id", onDelete: ReferentialAction.Cascade);
        });

        m.CreateTable("PersonCategories", t => new
        {
            PersonId = t.Column<int>(nullable: false),
            Category = t.Column<string>(maxLength: 40, nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_PersonCategories", x => new { x.PersonId, x.Category });
            t.ForeignKey("FK_PersonCategories_People_PersonId", x => x.PersonId, "People", "Id", onDelete: ReferentialAction.Cascade);
        });

        m.CreateTable("MentorStrengths", t => new
        {
            PersonId = t.Column<int>(nullable: false),
            CompetencyId = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_MentorStrengths", x => new { x.PersonId, x.CompetencyId });
            t.ForeignKey("FK_MentorStrengths_Competencies_CompetencyId", x => x.CompetencyId, "Competencies", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_MentorStrengths_MentorProfiles_PersonId", x => x.PersonId, "MentorProfiles", "PersonId", onDelete: ReferentialAction.Cascade);
        });

        m.CreateIndex("IX_Competencies_RegionId_Name", "Competencies", ["RegionId", "Name"]);
        m.CreateIndex("IX_Consents_PersonId_Kind", "Consents", ["PersonId", "Kind"]);
        m.CreateIndex("IX_Deficits_CompetencyId", "Deficits", "CompetencyId");
        m.CreateIndex("IX_Deficits_PersonId", "Deficits", "PersonId");
        m.CreateIndex("IX_DestructionRecords_KeepUntil", "DestructionRecords", "KeepUntil");
        m.CreateIndex("IX_DestructionRecords_OrganizationId", "DestructionRecords", "OrganizationId");
        m.CreateIndex("IX_MentorStrengths_CompetencyId", "MentorStrengths", "CompetencyId");
        m.CreateIndex("IX_People_MunicipalityId_OrganizationId", "People", ["MunicipalityId", "OrganizationId"]);
        m.CreateIndex("IX_People_NaturalKey", "People", ["OrganizationId", "LastName", "FirstName", "MiddleName", "BirthDate"]);
        m.CreateIndex("IX_People_PartnerOrganizationId", "People", "PartnerOrganizationId");
        m.CreateIndex("IX_People_RegionId", "People", "RegionId");

        // The default catalogue (RegionId null) every region starts with. Plain SQL: without a model snapshot
        // InsertData cannot find column types, and this statement reads the same on SQLite and PostgreSQL.
        foreach (var (group, name) in DefaultCompetencies.All)
            m.Sql($"INSERT INTO \"Competencies\" (\"Group\", \"Name\", \"IsArchived\") VALUES ('{group.Replace("'", "''", StringComparison.Ordinal)}', '{name.Replace("'", "''", StringComparison.Ordinal)}', FALSE)");
    }

    protected override void Down(MigrationBuilder m)
    {
        foreach (var table in new[] { "MentorStrengths", "PersonCategories", "MentorProfiles", "MenteeProfiles", "Deficits", "Consents", "People", "Competencies", "DestructionRecords" })
            m.DropTable(table);
    }
}
