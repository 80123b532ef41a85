namespace Nastavnik.Platform.Auth;

/// <summary>
/// What a role may do. Every page and endpoint names one of these policies (or is explicitly anonymous);
/// nothing is allowed by default. The authorization matrix test reads <see cref="Matrix"/> and
/// docs/authorization-matrix.md together.
/// </summary>
public static class Permissions
{
    public const string SignedIn = "SignedIn";
    public const string OrganizationsRead = "OrganizationsRead";
    public const string OrganizationsWrite = "OrganizationsWrite";
    public const string MunicipalitiesWrite = "MunicipalitiesWrite";
    public const string RegionsWrite = "RegionsWrite";
    public const string UsersManage = "UsersManage";
    public const string AuditRead = "AuditRead";
    public const string ApiTokensManage = "ApiTokensManage";
    public const string RoadmapsRead = "RoadmapsRead";
    public const string RoadmapsWrite = "RoadmapsWrite";
    public const string RoadmapsApprove = "RoadmapsApprove";

    public static readonly IReadOnlyDictionary<string, Role[]> Matrix = new Dictionary<string, Role[]>
    {
        [SignedIn] = Enum.GetValues<Role>(),
        [OrganizationsRead] = [Role.Administrator, Role.RegionalCoordinator, Role.MunicipalCoordinator, Role.Head, Role.Curator, Role.Tutor, Role.Psychologist],
        // A head keeps the card of their own school (counts of pupils and teachers) up to date.
        [OrganizationsWrite] = [Role.Administrator, Role.RegionalCoordinator, Role.MunicipalCoordinator, Role.Head],
        [MunicipalitiesWrite] = [Role.Administrator, Role.RegionalCoordinator],
        [RegionsWrite] = [Role.Administrator],
        [UsersManage] = [Role.Administrator],
        [AuditRead] = [Role.Administrator],
        [ApiTokensManage] = [Role.Administrator],
        // Mentors read the plan they take part in; mentees (often pupils) do not need the management plan.
        [RoadmapsRead] = [Role.Administrator, Role.RegionalCoordinator, Role.MunicipalCoordinator, Role.Head, Role.Curator, Role.Mentor, Role.Tutor, Role.Psychologist],
        // Coordinators write municipal roadmaps, heads and curators their organisation's (RoadmapAccess decides which roadmap).
        [RoadmapsWrite] = [Role.Administrator, Role.RegionalCoordinator, Role.MunicipalCoordinator, Role.Head, Role.Curator],
        [RoadmapsApprove] = [Role.Administrator, Role.RegionalCoordinator, Role.MunicipalCoordinator],
    };

    public static bool Allows(string permission, Role role) => Matrix.TryGetValue(permission, out var roles) && roles.Contains(role);
}
