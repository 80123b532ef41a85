using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Features.Organizations;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Data.Demo;

public sealed class DemoOptions
{
    public bool Enabled { get; set; }
}

/// <summary>A demo account as the login page lists it in demo mode.</summary>
public sealed record DemoAccount(string Email, string FullName, Role Role, string Where);

/// <summary>
/// A fictional region modelled on the seeds: a rural district with a method centre and 22 schools and
/// additional-education organisations (like seed 003's list), a city district with a methodical cabinet
/// (like seed 004), and a smaller district with its own method centre (like seed 000). People are invented.
/// </summary>
public static class DemoSeeder
{
    public const string RegionName = "Демонстрационная область";
    /// <summary>Shown on the login page in demo mode only; demo data are fictional.</summary>
    public const string Password = "demo-nastavnik-2026";

    private const string Rural = "Берёзовский муниципальный район";
    private const string City = "Городской округ Светлоярск";
    private const string Small = "Ольховский городской округ";
    private const string DemoSchool = "МБОУ Берёзовская СОШ №1";
    private const string CitySchool = "МАОУ СОШ №5 г. Светлоярска";

    public static readonly IReadOnlyList<DemoAccount> Accounts =
    [
        new("admin@demo.nastavnik.ru", "Смирнова Ольга Викторовна", Role.Administrator, "вся система"),
        new("region@demo.nastavnik.ru", "Кузнецов Андрей Петрович", Role.RegionalCoordinator, RegionName),
        new("municipal@demo.nastavnik.ru", "Лебедева Татьяна Николаевна", Role.MunicipalCoordinator, Rural),
        new("head@demo.nastavnik.ru", "Орлов Сергей Иванович", Role.Head, DemoSchool),
        new("curator@demo.nastavnik.ru", "Морозова Елена Алексеевна", Role.Curator, DemoSchool),
        new("mentor@demo.nastavnik.ru", "Волкова Наталья Сергеевна", Role.Mentor, DemoSchool),
        new("mentee@demo.nastavnik.ru", "Зайцев Дмитрий Олегович", Role.Mentee, DemoSchool),
        new("tutor@demo.nastavnik.ru", "Соколова Ирина Павловна", Role.Tutor, Rural),
        new("psychologist@demo.nastavnik.ru", "Павлова Марина Юрьевна", Role.Psychologist, DemoSchool),
        new("city.curator@demo.nastavnik.ru", "Никитина Анна Владимировна", Role.Curator, CitySchool),
    ];

    // Name, kind, pupils, teachers. Modelled on seed 003's list (names invented).
    private static readonly (string Name, OrganizationKind Kind, int Pupils, int Teachers)[] RuralOrganizations =
    [
        ("МБУ «Центр информационно-методического обеспечения» Берёзовского района", OrganizationKind.MethodCenter, 0, 12),
        (DemoSchool, OrganizationKind.School, 412, 34),
        ("МБОУ Берёзовская СОШ №2", OrganizationKind.School, 305, 27),
        ("МБОУ Алексеевская СОШ", OrganizationKind.School, 96, 15),
        ("МБОУ Горностаевская СОШ", OrganizationKind.School, 101, 16),
        ("МБОУ Дубравинская СОШ", OrganizationKind.School, 88, 14),
        ("МБОУ Журавлёвская СОШ", OrganizationKind.School, 80, 14),
        ("МБОУ Заречненская СОШ", OrganizationKind.School, 104, 16),
        ("МБОУ Калиновская СОШ", OrganizationKind.School, 160, 19),
        ("МБОУ Луговская СОШ", OrganizationKind.School, 82, 13),
        ("МБОУ Ольшанская СОШ", OrganizationKind.School, 99, 15),
        ("МБОУ Родниковская СОШ", OrganizationKind.School, 93, 15),
        ("МБОУ Васильковская ООШ", OrganizationKind.School, 58, 10),
        ("МБОУ Верхнеполянская ООШ", OrganizationKind.School, 31, 8),
        ("МБОУ Ершовская ООШ", OrganizationKind.School, 22, 7),
        ("МБОУ Камышинская ООШ", OrganizationKind.School, 21, 7),
        ("МБОУ Кленовская ООШ", OrganizationKind.School, 97, 12),
        ("МБОУ Садовская ООШ", OrganizationKind.School, 35, 8),
        ("МБОУ Тополинская ООШ", OrganizationKind.School, 49, 9),
        ("МБУ ДО Берёзовская ДЮСШ «Олимп»", OrganizationKind.AdditionalEducation, 120, 9),
        ("МБУ ДО Берёзовский Дом детского творчества", OrganizationKind.AdditionalEducation, 240, 14),
        ("МБУ ДО «Центр технического творчества»", OrganizationKind.AdditionalEducation, 118, 8),
        ("МБУ ДО «Оздоровительно-образовательный центр «Зелёная страна»", OrganizationKind.AdditionalEducation, 90, 7),
        ("ООО «Агрохолдинг «Берёзовский»", OrganizationKind.Partner, 0, 0),
    ];

    private static readonly (string Name, OrganizationKind Kind, int Pupils, int Teachers)[] CityOrganizations =
    [
        ("МУ «Методический кабинет» г. о. Светлоярск", OrganizationKind.MethodCenter, 0, 9),
        ("МАОУ СОШ №1 г. Светлоярска", OrganizationKind.School, 1120, 68),
        ("МАОУ Гимназия №2 г. Светлоярска", OrganizationKind.School, 980, 61),
        ("МАОУ Лицей №3 г. Светлоярска", OrganizationKind.School, 860, 55),
        (CitySchool, OrganizationKind.School, 1045, 64),
        ("МАОУ СОШ №7 г. Светлоярска", OrganizationKind.School, 730, 47),
        ("МБДОУ Детский сад №12 «Солнышко»", OrganizationKind.Preschool, 210, 22),
        ("ГБПОУ «Светлоярский политехнический колледж»", OrganizationKind.College, 1350, 80),
        ("АО «Светлоярский приборный завод»", OrganizationKind.Partner, 0, 0),
    ];

    private static readonly (string Name, OrganizationKind Kind, int Pupils, int Teachers)[] SmallOrganizations =
    [
        ("Ольховский межмуниципальный методический центр", OrganizationKind.MethodCenter, 0, 6),
        ("МОУ «Ольховская СОШ №1»", OrganizationKind.School, 640, 41),
        ("МОУ «Ольховская СОШ №2 с УИОП»", OrganizationKind.School, 590, 39),
        ("МОУ «Рябиновская СОШ»", OrganizationKind.School, 143, 17),
        ("МОУ «Сосновская ООШ»", OrganizationKind.School, 64, 11),
        ("МБУ ДО «Дом детского творчества» Ольховского г. о.", OrganizationKind.AdditionalEducation, 310, 16),
    ];

    /// <summary>Creates the demo region once; returns false when it is already there.</summary>
    public static async Task<bool> SeedAsync(IServiceProvider services)
    {
        var db = services.GetRequiredService<AppDbContext>();
        if (await db.Regions.AnyAsync(r => r.Name == RegionName)) return false;
        var clock = services.GetRequiredService<TimeProvider>();
        var users = services.GetRequiredService<UserManager<AppUser>>();

        await using var tx = await db.Database.BeginTransactionAsync();
        var region = new Region { Name = RegionName, EducationAuthority = "Министерство образования Демонстрационной области" };
        db.Regions.Add(region);
        await db.SaveChangesAsync();

        var orgs = new Dictionary<string, Organization>();
        var municipalities = new Dictionary<string, Municipality>();
        foreach (var (name, authority, list) in new[]
                 {
                     (Rural, "Отдел образования Администрации Берёзовского района", RuralOrganizations),
                     (City, "Управление образования Администрации городского округа Светлоярск", CityOrganizations),
                     (Small, "Управление образования администрации Ольховского городского округа", SmallOrganizations),
                 })
        {
            var m = new Municipality { RegionId = region.Id, Name = name, EducationAuthority = authority };
            db.Municipalities.Add(m);
            await db.SaveChangesAsync();
            municipalities[name] = m;
            foreach (var (orgName, kind, pupils, teachers) in list)
            {
                var o = new Organization
                {
                    MunicipalityId = m.Id, RegionId = region.Id, Name = orgName, Kind = kind,
                    PupilCount = pupils > 0 ? pupils : null, TeacherCount = teachers > 0 ? teachers : null,
                };
                db.Organizations.Add(o);
                orgs[orgName] = o;
            }
        }
        await db.SaveChangesAsync();

        foreach (var a in Accounts)
        {
            var user = new AppUser { UserName = a.Email, Email = a.Email, EmailConfirmed = true, FullName = a.FullName, CreatedAt = clock.GetUtcNow().UtcDateTime };
            var result = await users.CreateAsync(user, Password);
            if (!result.Succeeded) throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
            var assignment = new RoleAssignment { UserId = user.Id, Role = a.Role, AssignedAt = clock.GetUtcNow().UtcDateTime, AssignedBy = "demo" };
            if (a.Role == Role.RegionalCoordinator) assignment.RegionId = region.Id;
            else if (municipalities.TryGetValue(a.Where, out var m)) { assignment.RegionId = region.Id; assignment.MunicipalityId = m.Id; }
            else if (orgs.TryGetValue(a.Where, out var o)) { assignment.RegionId = region.Id; assignment.MunicipalityId = o.MunicipalityId; assignment.OrganizationId = o.Id; }
            db.RoleAssignments.Add(assignment);
        }
        await db.SaveChangesAsync();
        await DemoPeople.SeedAsync(db, orgs[DemoSchool], DateOnly.FromDateTime(clock.GetLocalNow().DateTime), clock.GetUtcNow().UtcDateTime);
        await DemoProgrammeHistory.SeedAsync(db, orgs[DemoSchool], DateOnly.FromDateTime(clock.GetLocalNow().DateTime));
        await DemoProgrammes.SeedAsync(db, orgs[DemoSchool], DateOnly.FromDateTime(clock.GetLocalNow().DateTime), clock.GetUtcNow().UtcDateTime);
        DemoEvents.Seed(db, municipalities[Rural], orgs[DemoSchool], DateOnly.FromDateTime(clock.GetLocalNow().DateTime));
        await db.SaveChangesAsync();
        await DemoIndicators.SeedAsync(db, municipalities[Rural], orgs, DateOnly.FromDateTime(clock.GetLocalNow().DateTime), clock.GetUtcNow().UtcDateTime);
        await Features.Roadmaps.RoadmapDemo.SeedAsync(db, municipalities[Rural], orgs, clock, "Лебедева Т. Н.",
            [DemoSchool, "МБОУ Берёзовская СОШ №2", "МБОУ Алексеевская СОШ"]);
        await Features.Monitoring.MonitoringDemo.SeedAsync(db, orgs[DemoSchool], clock, services.GetRequiredService<Features.Notifications.Notifier>());
        await DemoSatisfaction.SeedAsync(db, orgs, clock);
        await DemoRoutes.SeedAsync(db, municipalities[Rural], orgs[DemoSchool], DateOnly.FromDateTime(clock.GetLocalNow().DateTime), clock.GetUtcNow().UtcDateTime);
        await DemoOrders.SeedAsync(db, clock.GetUtcNow().UtcDateTime);
        await tx.CommitAsync();
        return true;
    }
}
