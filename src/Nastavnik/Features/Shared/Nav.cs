using System.Security.Claims;
using Nastavnik.Platform.Auth;
using Nastavnik.Platform.Tenancy;

namespace Nastavnik.Features.Shared;

/// <summary>The menu: each item shows only when the user holds its permission somewhere.</summary>
public static class Nav
{
    public sealed record Item(string Title, string Href, string Permission);

    public static readonly IReadOnlyList<Item> Items =
    [
        new("Главная", "/", Permissions.SignedIn),
        new("Участники", "/people", Permissions.PeopleRead),
        new("Банк дефицитов", "/people/deficitbank", Permissions.PeopleRead),
        new("Подбор пар", "/matching", Permissions.MatchingRun),
        new("Мероприятия", "/events", Permissions.EventsRead),
        new("Пары и группы", "/mentorships", Permissions.MentorshipsRead),
        new("Лист ожидания", "/mentorships/waiting", Permissions.MentorshipsRead),
        new("Мои пары", "/mentorships/my", Permissions.MentorshipsOwn),
        new("Программы наставничества", "/programmes", Permissions.ProgrammesRead),
        new("Банк практик", "/practices", Permissions.PracticesRead),
        new("Мониторинг", "/monitoring", Permissions.MonitoringRead),
        new("Мои анкеты", "/monitoring/my", Permissions.MonitoringFill),
        new("Шаблоны программ", "/programmes/templates", Permissions.ProgrammeTemplatesRead),
        new("ИОМ", "/individualroutes", Permissions.IndividualRoutesRead),
        new("Найти наставника", "/mentorships/find", Permissions.MentorshipsRequest),
        new("Организации", "/organizations", Permissions.OrganizationsRead),
        new("Дорожные карты", "/roadmaps", Permissions.RoadmapsRead),
        new("Показатели", "/indicators", Permissions.IndicatorsRead),
        new("Муниципалитеты", "/organizations/municipalities", Permissions.MunicipalitiesWrite),
        new("Регионы", "/organizations/regions", Permissions.RegionsWrite),
        new("Компетенции", "/people/competencies", Permissions.CompetenciesManage),
        new("Формы наставничества", "/mentorships/forms", Permissions.MentoringFormsManage),
        new("Пользователи", "/admin/users", Permissions.UsersManage),
        new("API-токены", "/admin/tokens", Permissions.ApiTokensManage),
        new("Журнал аудита", "/admin/audit", Permissions.AuditRead),
        new("Доступ к ПДн", "/people/accesslog", Permissions.AccessLogRead),
    ];

    public static IEnumerable<Item> For(ClaimsPrincipal user)
    {
        var scope = TenantScope.FromPrincipal(user);
        return Items.Where(i => scope.Has(i.Permission));
    }
}
