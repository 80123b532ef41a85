using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Nastavnik.Data.Migrations;

/// <summary>
/// The platform: structure (regions, municipalities, organisations), accounts and roles, audit, API tokens,
/// Data Protection keys. Hand-written (the EF design-time package is not available here) and provider-neutral:
/// column types are left to the provider, and both providers' identity annotations sit on key columns.
/// MigrationSchemaTests compare the result with the model on SQLite and PostgreSQL.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261123000001_Platform")]
public sealed class Platform : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("AspNetUsers", t => new
        {
            Id = t.Column<string>(nullable: false),
            FullName = t.Column<string>(maxLength: 300, nullable: false),
            IsDisabled = t.Column<bool>(nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
            UserName = t.Column<string>(maxLength: 256, nullable: true),
            NormalizedUserName = t.Column<string>(maxLength: 256, nullable: true),
            Email = t.Column<string>(maxLength: 256, nullable: true),
            NormalizedEmail = t.Column<string>(maxLength: 256, nullable: true),
            EmailConfirmed = t.Column<bool>(nullable: false),
            PasswordHash = t.Column<string>(nullable: true),
            SecurityStamp = t.Column<string>(nullable: true),
            ConcurrencyStamp = t.Column<string>(nullable: true),
            PhoneNumber = t.Column<string>(nullable: true),
            PhoneNumberConfirmed = t.Column<bool>(nullable: false),
            TwoFactorEnabled = t.Column<bool>(nullable: false),
            LockoutEnd = t.Column<DateTimeOffset>(nullable: true),
            LockoutEnabled = t.Column<bool>(nullable: false),
            AccessFailedCount = t.Column<int>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_AspNetUsers", x => x.Id));

        m.CreateTable("AuditEntries", t => new
        {
            Id = t.Column<long>(nullable: false).Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            At = t.Column<DateTime>(nullable: false),
            UserId = t.Column<string>(maxLength: 450, nullable: true),
            UserName = t.Column<string>(maxLength: 256, nullable: true),
            Action = t.Column<string>(maxLength: 64, nullable: false),
            EntityType = t.Column<string>(maxLength: 64, nullable: true),
            EntityId = t.Column<string>(maxLength: 64, nullable: true),
            Details = t.Column<string>(maxLength: 2000, nullable: true),
            IpAddress = t.Column<string>(maxLength: 64, nullable: true),
            OrganizationId = t.Column<int>(nullable: true),
        }, constraints: t => t.PrimaryKey("PK_AuditEntries", x => x.Id));

        m.CreateTable("DataProtectionKeys", t => new
        {
            Id = t.Column<int>(nullable: false).Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            FriendlyName = t.Column<string>(maxLength: 200, nullable: false),
            Xml = t.Column<string>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_DataProtectionKeys", x => x.Id));

        m.CreateTable("Regions", t => new
        {
            Id = t.Column<int>(nullable: false).Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            Name = t.Column<string>(maxLength: 300, nullable: false),
            EducationAuthority = t.Column<string>(maxLength: 500, nullable: true),
            IsArchived = t.Column<bool>(nullable: false),
            Version = t.Column<Guid>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_Regions", x => x.Id));

        m.CreateTable("TwoFactorRequirements", t => new
        {
            Role = t.Column<string>(maxLength: 40, nullable: false),
        }, constraints: t => t.PrimaryKey("PK_TwoFactorRequirements", x => x.Role));

        m.CreateTable("AspNetUserClaims", t => new
        {
            Id = t.Column<int>(nullable: false).Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            UserId = t.Column<string>(nullable: false),
            ClaimType = t.Column<string>(nullable: true),
            ClaimValue = t.Column<string>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_AspNetUserClaims", x => x.Id);
            t.ForeignKey("FK_AspNetUserClaims_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
        });

        m.CreateTable("AspNetUserLogins", t => new
        {
            LoginProvider = t.Column<string>(nullable: false),
            ProviderKey = t.Column<string>(nullable: false),
            ProviderDisplayName = t.Column<string>(nullable: true),
            UserId = t.Column<string>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_AspNetUserLogins", x => new { x.LoginProvider, x.ProviderKey });
            t.ForeignKey("FK_AspNetUserLogins_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
        });

        m.CreateTable("AspNetUserTokens", t => new
        {
            UserId = t.Column<string>(nullable: false),
            LoginProvider = t.Column<string>(nullable: false),
            Name = t.Column<string>(nullable: false),
            Value = t.Column<string>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_AspNetUserTokens", x => new { x.UserId, x.LoginProvider, x.Name });
            t.ForeignKey("FK_AspNetUserTokens_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
        });

        m.CreateTable("Municipalities", t => new
        {
            Id = t.Column<int>(nullable: false).Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            RegionId = t.Column<int>(nullable: false),
            Name = t.Column<string>(maxLength: 300, nullable: false),
            EducationAuthority = t.Column<string>(maxLength: 500, nullable: true),
            IsArchived = t.Column<bool>(nullable: false),
            Version = t.Column<Guid>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Municipalities", x => x.Id);
            t.ForeignKey("FK_Municipalities_Regions_RegionId", x => x.RegionId, "Regions", "Id", onDelete: ReferentialAction.Restrict);
        });

        m.CreateTable("Organizations", t => new
        {
            Id = t.Column<int>(nullable: false).Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            MunicipalityId = t.Column<int>(nullable: false),
            RegionId = t.Column<int>(nullable: false),
            Name = t.Column<string>(maxLength: 500, nullable: false),
            ShortName = t.Column<string>(maxLength: 200, nullable: true),
            Kind = t.Column<string>(maxLength: 40, nullable: false),
            Inn = t.Column<string>(maxLength: 12, nullable: true),
            Address = t.Column<string>(maxLength: 500, nullable: true),
            Email = t.Column<string>(maxLength: 200, nullable: true),
            Phone = t.Column<string>(maxLength: 50, nullable: true),
            Website = t.Column<string>(maxLength: 300, nullable: true),
            PupilCount = t.Column<int>(nullable: true),
            TeacherCount = t.Column<int>(nullable: true),
            IsArchived = t.Column<bool>(nullable: false),
            Version = t.Column<Guid>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Organizations", x => x.Id);
            t.ForeignKey("FK_Organizations_Municipalities_MunicipalityId", x => x.MunicipalityId, "Municipalities", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Organizations_Regions_RegionId", x => x.RegionId, "Regions", "Id", onDelete: ReferentialAction.Restrict);
        });

        m.CreateTable("ApiTokens", t => new
        {
            Id = t.Column<int>(nullable: false).Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            Name = t.Column<string>(maxLength: 200, nullable: false),
            Prefix = t.Column<string>(maxLength: 16, nullable: false),
            TokenHash = t.Column<string>(maxLength: 64, nullable: false),
            Role = t.Column<string>(maxLength: 40, nullable: false),
            RegionId = t.Column<int>(nullable: true),
            MunicipalityId = t.Column<int>(nullable: true),
            OrganizationId = t.Column<int>(nullable: true),
            CreatedAt = t.Column<DateTime>(nullable: false),
            CreatedBy = t.Column<string>(maxLength: 256, nullable: true),
            ExpiresAt = t.Column<DateTime>(nullable: true),
            RevokedAt = t.Column<DateTime>(nullable: true),
            LastUsedAt = t.Column<DateTime>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_ApiTokens", x => x.Id);
            t.ForeignKey("FK_ApiTokens_Municipalities_MunicipalityId", x => x.MunicipalityId, "Municipalities", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_ApiTokens_Organizations_OrganizationId", x => x.OrganizationId, "Organizations", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_ApiTokens_Regions_RegionId", x => x.RegionId, "Regions", "Id", onDelete: ReferentialAction.Restrict);
        });

        m.CreateTable("RoleAssignments", t => new
        {
            Id = t.Column<int>(nullable: false).Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            UserId = t.Column<string>(nullable: false),
            Role = t.Column<string>(maxLength: 40, nullable: false),
            RegionId = t.Column<int>(nullable: true),
            MunicipalityId = t.Column<int>(nullable: true),
            OrganizationId = t.Column<int>(nullable: true),
            AssignedAt = t.Column<DateTime>(nullable: false),
            AssignedBy = t.Column<string>(maxLength: 256, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_RoleAssignments", x => x.Id);
            t.ForeignKey("FK_RoleAssignments_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_RoleAssignments_Municipalities_MunicipalityId", x => x.MunicipalityId, "Municipalities", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_RoleAssignments_Organizations_OrganizationId", x => x.OrganizationId, "Organizations", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_RoleAssignments_Regions_RegionId", x => x.RegionId, "Regions", "Id", onDelete: ReferentialAction.Restrict);
        });

        m.CreateIndex("IX_ApiTokens_MunicipalityId", "ApiTokens", "MunicipalityId");
        m.CreateIndex("IX_ApiTokens_OrganizationId", "ApiTokens", "OrganizationId");
        m.CreateIndex("IX_ApiTokens_RegionId", "ApiTokens", "RegionId");
        m.CreateIndex("IX_ApiTokens_TokenHash", "ApiTokens", "TokenHash", unique: true);
        m.CreateIndex("IX_AspNetUserClaims_UserId", "AspNetUserClaims", "UserId");
        m.CreateIndex("IX_AspNetUserLogins_UserId", "AspNetUserLogins", "UserId");
        m.CreateIndex("EmailIndex", "AspNetUsers", "NormalizedEmail");
        m.CreateIndex("UserNameIndex", "AspNetUsers", "NormalizedUserName", unique: true);
        m.CreateIndex("IX_AuditEntries_At", "AuditEntries", "At");
        m.CreateIndex("IX_AuditEntries_EntityType_EntityId", "AuditEntries", ["EntityType", "EntityId"]);
        m.CreateIndex("IX_AuditEntries_UserId_At", "AuditEntries", ["UserId", "At"]);
        m.CreateIndex("IX_Municipalities_RegionId_Name", "Municipalities", ["RegionId", "Name"], unique: true);
        m.CreateIndex("IX_Organizations_MunicipalityId_Name", "Organizations", ["MunicipalityId", "Name"], unique: true);
        m.CreateIndex("IX_Organizations_RegionId", "Organizations", "RegionId");
        m.CreateIndex("IX_Regions_Name", "Regions", "Name", unique: true);
        m.CreateIndex("IX_RoleAssignments_MunicipalityId", "RoleAssignments", "MunicipalityId");
        m.CreateIndex("IX_RoleAssignments_OrganizationId", "RoleAssignments", "OrganizationId");
        m.CreateIndex("IX_RoleAssignments_RegionId", "RoleAssignments", "RegionId");
        m.CreateIndex("IX_RoleAssignments_UserId_Role_Scope", "RoleAssignments",
            ["UserId", "Role", "RegionId", "MunicipalityId", "OrganizationId"], unique: true);
    }

    protected override void Down(MigrationBuilder m)
    {
        foreach (var table in new[] { "RoleAssignments", "ApiTokens", "Organizations", "Municipalities", "AspNetUserTokens", "AspNetUserLogins",
                     "AspNetUserClaims", "TwoFactorRequirements", "Regions", "DataProtectionKeys", "AuditEntries", "AspNetUsers" })
            m.DropTable(table);
    }
}
