using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Platform.Audit;
using Nastavnik.Platform.Auth;
using Nastavnik.Platform.Web;

namespace Nastavnik.Features.Organizations;

/// <summary>/api/v1/organizations: list, get, create, update, under the token's scope.</summary>
public static class OrganizationsApi
{
    public sealed record OrganizationDto(int Id, string Name, string? ShortName, string Kind, string KindName, int MunicipalityId, string Municipality,
        int RegionId, int? PupilCount, int? TeacherCount, string? Inn, string? Address, string? Email, string? Phone, string? Website,
        bool IsArchived, Guid Version);

    public sealed record OrganizationInput(
        [property: Display(Name = "Название"), Required, StringLength(500, MinimumLength = 3)] string? Name,
        [property: Display(Name = "Краткое название"), StringLength(200)] string? ShortName,
        [property: Display(Name = "Тип организации"), Required] OrganizationKind? Kind,
        [property: Display(Name = "Муниципалитет"), Required] int? MunicipalityId,
        [property: Display(Name = "Число обучающихся"), Range(0, 1_000_000)] int? PupilCount,
        [property: Display(Name = "Число педагогов"), Range(0, 100_000)] int? TeacherCount,
        [property: Display(Name = "ИНН"), RegularExpression(@"^\d{10}(\d{2})?$", ErrorMessage = "ИНН состоит из 10 или 12 цифр.")] string? Inn,
        [property: Display(Name = "Адрес"), StringLength(500)] string? Address,
        [property: Display(Name = "Электронная почта"), EmailAddress, StringLength(200)] string? Email,
        [property: Display(Name = "Телефон"), StringLength(50)] string? Phone,
        [property: Display(Name = "Сайт"), Url, StringLength(300)] string? Website,
        Guid? Version);

    public sealed record PageOf<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize);

    public static void Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/organizations").WithTags("Организации");
        g.MapGet("/", List).RequireAuthorization(ApiTokenAuthentication.PolicyPrefix + Permissions.OrganizationsRead)
            .WithSummary("Список организаций в пределах области действия токена");
        g.MapGet("/{id:int}", Get).RequireAuthorization(ApiTokenAuthentication.PolicyPrefix + Permissions.OrganizationsRead)
            .WithSummary("Организация по идентификатору");
        g.MapPost("/", Create).RequireAuthorization(ApiTokenAuthentication.PolicyPrefix + Permissions.OrganizationsWrite)
            .WithSummary("Создать организацию");
        g.MapPut("/{id:int}", Update).RequireAuthorization(ApiTokenAuthentication.PolicyPrefix + Permissions.OrganizationsWrite)
            .WithSummary("Изменить организацию (передайте version из последнего ответа)");
    }

    private static IQueryable<OrganizationDto> Project(IQueryable<Organization> q) => q.Select(o => new OrganizationDto(
        o.Id, o.Name, o.ShortName, o.Kind.ToString(), "", o.MunicipalityId, o.Municipality!.Name, o.RegionId, o.PupilCount, o.TeacherCount,
        o.Inn, o.Address, o.Email, o.Phone, o.Website, o.IsArchived, o.Version));

    private static OrganizationDto Named(OrganizationDto d) => d with { KindName = Formats.Name(Enum.Parse<OrganizationKind>(d.Kind)) };

    private static async Task<Results<Ok<PageOf<OrganizationDto>>, ProblemHttpResult>> List(AppDbContext db, string? search, int? municipalityId,
        OrganizationKind? kind, bool? archived, int page = 1, int pageSize = 50)
    {
        if (page < 1 || pageSize is < 1 or > 500)
            return TypedResults.Problem(title: "Ошибка в параметрах", detail: "page должен быть ≥ 1, pageSize — от 1 до 500.", statusCode: 400);
        var q = OrganizationQueries.Filter(db.Organizations.AsNoTracking(), search, municipalityId, kind, archived ?? false);
        var total = await q.CountAsync();
        var items = await Project(q.OrderBy(o => o.Name).ThenBy(o => o.Id).Skip((page - 1) * pageSize).Take(pageSize)).ToListAsync();
        return TypedResults.Ok(new PageOf<OrganizationDto>(items.Select(Named).ToList(), total, page, pageSize));
    }

    private static async Task<Results<Ok<OrganizationDto>, ProblemHttpResult>> Get(int id, AppDbContext db)
    {
        var o = await Project(db.Organizations.AsNoTracking().Where(x => x.Id == id)).FirstOrDefaultAsync();
        return o is null ? NotFound() : TypedResults.Ok(Named(o));
    }

    private static async Task<Results<Created<OrganizationDto>, ProblemHttpResult, ValidationProblem>> Create(OrganizationInput input, AppDbContext db,
        IAuthorizationService auth, HttpContext http, AuditLog audit)
    {
        if (Validate(input) is { } invalid) return invalid;
        var m = await db.Municipalities.FirstOrDefaultAsync(x => x.Id == input.MunicipalityId);
        if (m is null) return TypedResults.ValidationProblem(Error(nameof(input.MunicipalityId), "Муниципалитет не найден или недоступен."), title: "Ошибка в данных");
        var o = new Organization { Name = input.Name!.Trim(), MunicipalityId = m.Id, RegionId = m.RegionId };
        Apply(o, input);
        if (!(await auth.AuthorizeAsync(http.User, o, new TenantOperation(Permissions.OrganizationsWrite))).Succeeded) return Forbidden();
        if (await db.Organizations.AnyAsync(x => x.MunicipalityId == m.Id && x.Name == o.Name))
            return TypedResults.ValidationProblem(Error(nameof(input.Name), "Организация с таким названием в этом муниципалитете уже есть."), title: "Ошибка в данных");
        db.Organizations.Add(o);
        await db.SaveChangesAsync();
        await audit.WriteAsync(AuditActions.Create, "organization", o.Id.ToString(), "api", o.Id);
        var dto = await Project(db.Organizations.AsNoTracking().Where(x => x.Id == o.Id)).FirstAsync();
        return TypedResults.Created($"/api/v1/organizations/{o.Id}", Named(dto));
    }

    private static async Task<Results<Ok<OrganizationDto>, ProblemHttpResult, ValidationProblem>> Update(int id, OrganizationInput input, AppDbContext db,
        IAuthorizationService auth, HttpContext http, AuditLog audit)
    {
        var o = await db.Organizations.FirstOrDefaultAsync(x => x.Id == id);
        if (o is null) return NotFound();
        if (Validate(input) is { } invalid) return invalid;
        if (input.Version is null)
            return TypedResults.ValidationProblem(Error(nameof(input.Version), "Передайте version из последнего ответа: так чужие изменения не будут потеряны."), title: "Ошибка в данных");
        if (!(await auth.AuthorizeAsync(http.User, o, new TenantOperation(Permissions.OrganizationsWrite))).Succeeded) return Forbidden();
        if (input.MunicipalityId != o.MunicipalityId)
        {
            var m = await db.Municipalities.FirstOrDefaultAsync(x => x.Id == input.MunicipalityId);
            if (m is null) return TypedResults.ValidationProblem(Error(nameof(input.MunicipalityId), "Муниципалитет не найден или недоступен."), title: "Ошибка в данных");
            o.MunicipalityId = m.Id;
            o.RegionId = m.RegionId;
            if (!(await auth.AuthorizeAsync(http.User, o, new TenantOperation(Permissions.OrganizationsWrite))).Succeeded) return Forbidden();
        }
        db.Entry(o).Property(x => x.Version).OriginalValue = input.Version.Value;
        o.Name = input.Name!.Trim();
        Apply(o, input);
        try
        {
            audit.Add(AuditActions.Update, "organization", o.Id.ToString(), "api", o.Id);
            await db.SaveChangesAsync();
        }
        catch (DbUpdateConcurrencyException)
        {
            return TypedResults.Problem(statusCode: 409, title: ProblemText.Title(409), detail: ProblemText.Detail(409));
        }
        catch (DbUpdateException)
        {
            return TypedResults.Problem(statusCode: 409, title: ProblemText.Title(409), detail: "Организация с таким названием в этом муниципалитете уже есть.");
        }
        var dto = await Project(db.Organizations.AsNoTracking().Where(x => x.Id == o.Id)).FirstAsync();
        return TypedResults.Ok(Named(dto));
    }

    private static void Apply(Organization o, OrganizationInput i)
    {
        o.ShortName = Clean(i.ShortName);
        o.Kind = i.Kind!.Value;
        o.PupilCount = i.PupilCount;
        o.TeacherCount = i.TeacherCount;
        o.Inn = Clean(i.Inn);
        o.Address = Clean(i.Address);
        o.Email = Clean(i.Email);
        o.Phone = Clean(i.Phone);
        o.Website = Clean(i.Website);
    }

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static ValidationProblem? Validate(OrganizationInput input)
    {
        var errors = RussianValidator.Validate(input);
        return errors.Count == 0 ? null : TypedResults.ValidationProblem(errors, title: "Ошибка в данных", detail: "Исправьте поля, перечисленные в errors.");
    }

    private static Dictionary<string, string[]> Error(string field, string message) => new() { [field] = [message] };
    private static ProblemHttpResult NotFound() => TypedResults.Problem(statusCode: 404, title: ProblemText.Title(404), detail: ProblemText.Detail(404));
    private static ProblemHttpResult Forbidden() => TypedResults.Problem(statusCode: 403, title: ProblemText.Title(403), detail: ProblemText.Detail(403));
}
