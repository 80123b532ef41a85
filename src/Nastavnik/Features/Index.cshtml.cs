using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Platform.Auth;
using Nastavnik.Platform.Web;

namespace Nastavnik.Features;

/// <summary>Home page: who you are, where, and what your roles let you do. Later issues add each role's work queue.</summary>
[Authorize(Policy = Permissions.SignedIn)]
public sealed class HomeModel(AppDbContext db, TimeProvider clock, Programmes.ProgrammeService programmes) : PageModel
{
    public sealed record RoleLine(string Role, string Where);
    public sealed record ActionLink(string Title, string Href);

    public string Today { get; private set; } = "";
    public List<RoleLine> Roles { get; } = [];
    public int? OrganizationCount { get; private set; }
    public int MunicipalityCount { get; private set; }
    public int? PupilCount { get; private set; }
    public List<ActionLink> Actions { get; } = [];
    /// <summary>Early warnings on the programmes of the schools where the user is curator or head.</summary>
    public List<Programmes.ProgrammeService.Warning> ProgrammeWarnings { get; private set; } = [];

    public async Task OnGetAsync()
    {
        Today = "Сегодня " + Formats.LongDate(DateOnly.FromDateTime(clock.GetLocalNow().DateTime));
        var scope = db.Scope;
        var orgIds = scope.Roles.Select(r => r.OrganizationId).OfType<int>().ToList();
        var munIds = scope.Roles.Select(r => r.MunicipalityId).OfType<int>().ToList();
        var regIds = scope.Roles.Select(r => r.RegionId).OfType<int>().ToList();
        var orgNames = await db.Organizations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name);
        var munNames = await db.Municipalities.AsNoTracking().Where(m => munIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.Name);
        var regNames = await db.Regions.AsNoTracking().Where(r => regIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Name);
        foreach (var r in scope.Roles)
        {
            var where = r.Level switch
            {
                ScopeLevel.Global => "вся система",
                ScopeLevel.Region => regNames.GetValueOrDefault(r.RegionId!.Value, "регион"),
                ScopeLevel.Municipality => munNames.GetValueOrDefault(r.MunicipalityId!.Value, "муниципалитет"),
                _ => orgNames.GetValueOrDefault(r.OrganizationId!.Value, "организация"),
            };
            Roles.Add(new RoleLine(Formats.Name(r.Role), where));
        }

        if (scope.Has(Permissions.OrganizationsRead))
        {
            // The organisations the indicators count (partners and methodical centres enrol nobody), so the two pages agree.
            var readable = db.Organizations.AsNoTracking().Where(o => !o.IsArchived && o.Kind != Organizations.OrganizationKind.Partner && o.Kind != Organizations.OrganizationKind.MethodCenter);
            OrganizationCount = await readable.CountAsync();
            PupilCount = await readable.SumAsync(o => o.PupilCount) ?? 0;
            MunicipalityCount = await db.Municipalities.AsNoTracking().CountAsync(m => !m.IsArchived);
            Actions.Add(new("Открыть список организаций", "/organizations"));
        }
        if (scope.Has(Permissions.OrganizationsWrite) && !scope.Roles.All(r => r.Role == Role.Head))
        {
            Actions.Add(new("Добавить организацию", "/organizations/edit"));
            Actions.Add(new("Импортировать список организаций из Excel или CSV", "/organizations/import"));
        }
        // The everyday work of each role first, then administration.
        if (scope.Has(Permissions.MentorshipsRequest)) Actions.Insert(0, new("Найти наставника", "/mentorships/find"));
        if (scope.Has(Permissions.MentorshipsOwn)) Actions.Insert(0, new("Мои наставнические пары", "/mentorships/my"));
        if (scope.Has(Permissions.PeopleWrite)) Actions.Add(new("Внести участника в реестр (с согласием на обработку ПДн)", "/people/edit"));
        if (scope.Has(Permissions.MatchingRun)) Actions.Add(new("Подобрать наставнические пары", "/matching"));
        if (scope.Has(Permissions.MentorshipsRead)) Actions.Add(new("Пары и группы, лист ожидания", "/mentorships"));
        if (scope.Has(Permissions.MentorshipsApprove)) Actions.Add(new("Утвердить пары приказом руководителя", "/mentorships/approve"));
        if (scope.Has(Permissions.RoadmapsApprove)) Actions.Add(new("Согласование дорожных карт организаций", "/roadmaps/approvals"));
        else if (scope.Has(Permissions.RoadmapsRead)) Actions.Add(new("Дорожная карта", "/roadmaps"));
        if (scope.Has(Permissions.EventsRead)) Actions.Add(new("Календарь мероприятий", "/events"));
        var curated = scope.Roles.Where(r => r.Role is Role.Curator or Role.Head && r.OrganizationId is not null).Select(r => r.OrganizationId!.Value).Distinct().ToList();
        if (curated.Count > 0)
        {
            ProgrammeWarnings = await programmes.WarningsAsync(db.MentoringPrograms.Where(p => curated.Contains(p.OrganizationId)));
            Actions.Add(new("Программы наставничества", "/programmes"));
        }
        if (scope.Has(Permissions.UsersManage)) Actions.Add(new("Управлять пользователями и ролями", "/admin/users"));
        if (scope.Has(Permissions.AuditRead)) Actions.Add(new("Просмотреть журнал аудита", "/admin/audit"));
        Actions.Add(new("Сменить пароль или включить двухфакторную аутентификацию", "/accounts/profile"));
    }
}
