using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Platform.Audit;
using Nastavnik.Platform.Auth;
using Nastavnik.Platform.Web;

namespace Nastavnik.Features.People;

/// <summary>/api/v1/people under the token's scope; sensitive fields only where the token's role may see them.</summary>
public static class PeopleApi
{
    public sealed record PersonDto(int Id, int OrganizationId, string LastName, string FirstName, string? MiddleName, DateOnly? BirthDate, string Kind,
        string? Email, string? Phone, string? ClassName, string? Position, string? Subjects, int? TotalExperienceYears, int? PedagogicalExperienceYears,
        IReadOnlyList<string> Categories, string? GuardianName, string? GuardianPhone, bool IsMentor, bool IsMentee, string? MentorStatus, string? MenteeStatus,
        int? Capacity, int? HoursPerMonth, IReadOnlyList<int> StrengthIds, DateOnly EnteredOn, Guid Version);

    public sealed record CreatePersonRequest(PersonInput Person, ConsentInput Consent);
    public sealed record PageOf(IReadOnlyList<PersonDto> Items, int Total, int Page, int PageSize);

    public static void Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/people").WithTags("Участники");
        g.MapGet("/", List).RequireAuthorization(ApiTokenAuthentication.PolicyPrefix + Permissions.PeopleRead).WithSummary("Реестр участников с фильтрами");
        g.MapGet("/{id:int}", Get).RequireAuthorization(ApiTokenAuthentication.PolicyPrefix + Permissions.PeopleRead).WithSummary("Участник по идентификатору");
        g.MapPost("/", Create).RequireAuthorization(ApiTokenAuthentication.PolicyPrefix + Permissions.PeopleWrite).WithSummary("Внести участника (вместе с согласием на обработку ПДн)");
        g.MapPut("/{id:int}", Update).RequireAuthorization(ApiTokenAuthentication.PolicyPrefix + Permissions.PeopleWrite).WithSummary("Изменить участника (передайте version)");
    }

    private static IQueryable<Person> WithProfiles(AppDbContext db) =>
        db.People.AsNoTracking().Include(p => p.Mentor).ThenInclude(m => m!.Strengths).Include(p => p.Mentee).Include(p => p.Categories).AsSplitQuery();

    private static PersonDto ToDto(Person p, AppDbContext db)
    {
        var sensitive = PersonVisibility.CanSeeSensitive(db.Scope, p);
        return new PersonDto(p.Id, p.OrganizationId, p.LastName, p.FirstName, p.MiddleName, p.BirthDate, p.Kind.ToString(), p.Email, p.Phone, p.ClassName, p.Position,
            p.Subjects, p.TotalExperienceYears, p.PedagogicalExperienceYears,
            [.. PersonVisibility.Visible(p.Categories.Select(c => c.Category), sensitive).Select(c => c.ToString())],
            sensitive ? p.GuardianName : null, sensitive ? p.GuardianPhone : null,
            p.Mentor is { Status: not MentorBankStatus.Inactive }, p.Mentee is not null, p.Mentor?.Status.ToString(), p.Mentee?.Status.ToString(),
            p.Mentor?.Capacity, p.Mentor?.HoursPerMonth, [.. p.Mentor?.Strengths.Select(s => s.CompetencyId) ?? []], p.EnteredOn, p.Version);
    }

    private static async Task<Results<Ok<PageOf>, ProblemHttpResult>> List(AppDbContext db, AuditLog audit, string? search, int? organizationId, PersonKind? kind,
        RegisterKind? register, MenteeCategory? category, int? competencyId, MenteeStatus? menteeStatus, int page = 1, int pageSize = 50)
    {
        if (page < 1 || pageSize is < 1 or > 500)
            return TypedResults.Problem(title: "Ошибка в параметрах", detail: "page должен быть ≥ 1, pageSize — от 1 до 500.", statusCode: 400);
        var q = PeopleQueries.Filter(db, WithProfiles(db), new PeopleFilter(search, organizationId, kind, register ?? RegisterKind.All, category, competencyId, MenteeStatus: menteeStatus));
        var total = await q.CountAsync();
        var items = await q.OrderBy(p => p.LastName).ThenBy(p => p.FirstName).ThenBy(p => p.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync();
        // A page of the register leaves the system just as an export does: one access-log line per organisation whose
        // people it holds, so that each school's curator and its coordinators see it (as the register export does).
        foreach (var o in items.GroupBy(p => p.OrganizationId))
            audit.Add(AuditActions.Export, "person", null, $"API: список участников, страница {page}, записей этой организации: {o.Count()}", o.Key);
        if (items.Count > 0) await db.SaveChangesAsync();
        return TypedResults.Ok(new PageOf([.. items.Select(p => ToDto(p, db))], total, page, pageSize));
    }

    private static async Task<Results<Ok<PersonDto>, ProblemHttpResult>> Get(int id, AppDbContext db, AuditLog audit)
    {
        var p = await WithProfiles(db).FirstOrDefaultAsync(x => x.Id == id);
        if (p is null) return TypedResults.Problem(statusCode: 404, title: ProblemText.Title(404), detail: ProblemText.Detail(404));
        await audit.WriteAsync(CardModel.ViewAction, "person", p.Id.ToString(), "api", p.OrganizationId);
        return TypedResults.Ok(ToDto(p, db));
    }

    private static async Task<Results<Created<PersonDto>, ValidationProblem>> Create(CreatePersonRequest request, PersonRegistration registration, AppDbContext db)
    {
        var errors = RussianValidator.Validate(request.Person).Concat(RussianValidator.Validate(request.Consent).ToDictionary(kv => "consent." + kv.Key, kv => kv.Value))
            .ToDictionary(kv => kv.Key, kv => kv.Value);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "Ошибка в данных");
        var (person, problems) = await registration.CreateAsync(request.Person, request.Consent);
        if (person is null) return TypedResults.ValidationProblem(Group(problems), title: "Ошибка в данных");
        var p = await WithProfiles(db).FirstAsync(x => x.Id == person.Id);
        return TypedResults.Created($"/api/v1/people/{p.Id}", ToDto(p, db));
    }

    private static async Task<Results<Ok<PersonDto>, ProblemHttpResult, ValidationProblem>> Update(int id, PersonInput input, PersonRegistration registration, AppDbContext db)
    {
        var p = await db.People.Include(x => x.Mentor).ThenInclude(m => m!.Strengths).Include(x => x.Mentee).Include(x => x.Categories).AsSplitQuery().FirstOrDefaultAsync(x => x.Id == id);
        if (p is null) return TypedResults.Problem(statusCode: 404, title: ProblemText.Title(404), detail: ProblemText.Detail(404));
        var org = await db.Organizations.FirstAsync(o => o.Id == p.OrganizationId);
        if (!await registration.CanWriteAsync(org)) return TypedResults.Problem(statusCode: 403, title: ProblemText.Title(403), detail: ProblemText.Detail(403));
        var errors = RussianValidator.Validate(input);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "Ошибка в данных");
        if (input.Version is null) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["version"] = ["Передайте version из последнего ответа."] }, title: "Ошибка в данных");
        input.OrganizationId = p.OrganizationId;
        var problems = await registration.UpdateAsync(p, input);
        if (problems.Any(e => e.Field.Length == 0)) return TypedResults.Problem(statusCode: 409, title: ProblemText.Title(409), detail: ProblemText.Detail(409));
        if (problems.Count > 0) return TypedResults.ValidationProblem(Group(problems), title: "Ошибка в данных");
        var fresh = await WithProfiles(db).FirstAsync(x => x.Id == id);
        return TypedResults.Ok(ToDto(fresh, db));
    }

    private static Dictionary<string, string[]> Group(IEnumerable<PersonRegistration.Error> errors) =>
        errors.GroupBy(e => e.Field.Length == 0 ? "" : char.ToLowerInvariant(e.Field[0]) + e.Field[1..]).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray());
}
