using System.ComponentModel.DataAnnotations;

namespace Nastavnik.Platform.Auth;

/// <summary>Roles of the target model. Each assignment carries a scope (see <see cref="RoleAssignment"/>).</summary>
public enum Role
{
    [Display(Name = "Администратор")] Administrator,
    [Display(Name = "Региональный координатор")] RegionalCoordinator,
    [Display(Name = "Муниципальный координатор")] MunicipalCoordinator,
    [Display(Name = "Руководитель ОО")] Head,
    [Display(Name = "Куратор")] Curator,
    [Display(Name = "Наставник")] Mentor,
    [Display(Name = "Наставляемый")] Mentee,
    [Display(Name = "Тьютор")] Tutor,
    [Display(Name = "Педагог-психолог")] Psychologist,
}

/// <summary>The level a role is held at: it decides which of the scope ids must be set.</summary>
public enum ScopeLevel { Global, Region, Municipality, Organization }

public static class RoleScopes
{
    /// <summary>Where each role is held. Tutors and psychologists may serve a whole municipality
    /// (a method centre's tutor) or one organisation, so they accept both.</summary>
    public static IReadOnlyList<ScopeLevel> AllowedLevels(Role role) => role switch
    {
        Role.Administrator => [ScopeLevel.Global],
        Role.RegionalCoordinator => [ScopeLevel.Region],
        Role.MunicipalCoordinator => [ScopeLevel.Municipality],
        Role.Tutor or Role.Psychologist => [ScopeLevel.Municipality, ScopeLevel.Organization],
        _ => [ScopeLevel.Organization],
    };

    /// <summary>Coordinator and head roles are the ones an administrator may require 2FA for.</summary>
    public static bool IsManagementRole(Role role) =>
        role is Role.Administrator or Role.RegionalCoordinator or Role.MunicipalCoordinator or Role.Head;
}
