using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Nastavnik.Data;
using Nastavnik.Features.Consents;
using Nastavnik.Features.Organizations;
using Nastavnik.Features.People;
using Nastavnik.Platform.Tenancy;

namespace Nastavnik.Tests.People;

/// <summary>
/// The ConsentTexts migration moves data: consents recorded before it (with their wording on every row) must keep
/// exactly the text they carried, each distinct wording stored once; going down puts the texts back on the rows.
/// </summary>
public sealed class ConsentTextMigrationTests
{
    private const string Migration = "20261123002500_ConsentTexts";

    [Fact]
    public async Task ConsentTextsMigration_ExistingConsents_KeepTheirWording_StoredOnce()
    {
        var dir = Directory.CreateTempSubdirectory("nst-consent-texts-").FullName;
        var options = Options(TestDatabase.Create(dir));
        await using (var db = NewContext(options)) await db.Database.MigrateAsync();

        int a, b;
        var defaults = ConsentTexts.For(ConsentKind.PersonalData);
        await using (var db = NewContext(options))
        {
            var region = new Region { Name = "Тестовая область" };
            db.Regions.Add(region);
            await db.SaveChangesAsync();
            var m = new Municipality { RegionId = region.Id, Name = "Тестовый район" };
            db.Municipalities.Add(m);
            await db.SaveChangesAsync();
            var org = new Organization { RegionId = region.Id, MunicipalityId = m.Id, Name = "МБОУ СОШ № 7", Kind = OrganizationKind.School };
            db.Organizations.Add(org);
            await db.SaveChangesAsync();
            Person New(string last) => new()
            {
                OrganizationId = org.Id, MunicipalityId = m.Id, RegionId = region.Id, LastName = last, FirstName = "Анна", Kind = PersonKind.Teacher,
                EnteredOn = new DateOnly(2026, 9, 1),
            };
            var pa = New("Антонова");
            var pb = New("Борисова");
            db.People.AddRange(pa, pb);
            await db.SaveChangesAsync();
            (a, b) = (pa.Id, pb.Id);
            var pd = await ConsentTexts.ResolveAsync(db, ConsentKind.PersonalData, defaults);
            var duties = await ConsentTexts.ResolveAsync(db, ConsentKind.MentorDuties, ConsentTexts.For(ConsentKind.MentorDuties));
            Consent C(int person, ConsentKind kind, ConsentText text) => new()
            {
                PersonId = person, Kind = kind, GivenBy = ConsentGiver.Subject, Operator = org.Name, Text = text, SignedOn = new DateOnly(2026, 9, 1),
                RecordedAt = new DateTime(2026, 11, 23, 9, 0, 0, DateTimeKind.Utc),
            };
            db.Consents.AddRange(C(a, ConsentKind.PersonalData, pd), C(b, ConsentKind.PersonalData, pd), C(a, ConsentKind.MentorDuties, duties));
            await db.SaveChangesAsync();
        }

        // Down: the texts go back onto every consent row.
        string before;
        await using (var db = NewContext(options))
        {
            var all = db.Database.GetMigrations().ToList();
            before = all[all.IndexOf(Migration) - 1];
            await db.GetService<IMigrator>().MigrateAsync(before);
        }
        await using (var db = NewContext(options))
        {
            var purposes = await db.Database.SqlQueryRaw<string>("SELECT \"Purpose\" AS \"Value\" FROM \"Consents\" WHERE \"Kind\" = 'PersonalData'").ToListAsync();
            Assert.Equal([defaults.Purpose, defaults.Purpose], purposes);
            // A consent recorded on an edited form before the change, and one more on the default form.
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "Consents" ("PersonId", "Kind", "GivenBy", "Operator", "Purpose", "DataList", "Actions", "Term", "WithdrawalProcedure", "SignedOn", "RecordedAt")
                VALUES ({b}, 'HealthData', 'Subject', 'МБОУ СОШ № 7', 'Особая цель', 'ФИО', 'хранение', '1 год', 'заявлением', '2026-10-01', '2026-11-23 09:00:00'),
                       ({b}, 'PersonalData', 'Subject', 'МБОУ СОШ № 7', 'Своя цель школы', {defaults.DataList}, {defaults.Actions},
                        {defaults.Term}, {defaults.WithdrawalProcedure}, '2026-10-02', '2026-11-23 09:00:00')
                """);
        }

        // Up again: one row per distinct wording, numbered per kind by first use; every consent points at its own text.
        await using (var db = NewContext(options)) await db.Database.MigrateAsync();
        await using (var db = NewContext(options))
        {
            var texts = await db.ConsentTexts.OrderBy(t => t.Kind).ThenBy(t => t.Version).ToListAsync();
            Assert.Equal(4, texts.Count);
            Assert.Equal([(ConsentKind.PersonalData, 1), (ConsentKind.PersonalData, 2), (ConsentKind.HealthData, 1), (ConsentKind.MentorDuties, 1)],
                texts.Select(t => (t.Kind, t.Version)).OrderBy(x => x.Kind).ThenBy(x => x.Version));
            var consents = await db.Consents.Include(c => c.Text).OrderBy(c => c.Id).ToListAsync();
            Assert.Equal(5, consents.Count);
            Assert.Equal(defaults, consents[0].Text!.Wording);
            Assert.Equal(consents[0].TextId, consents[1].TextId);
            Assert.Equal(ConsentTexts.For(ConsentKind.MentorDuties), consents[2].Text!.Wording);
            Assert.Equal(("Особая цель", ConsentKind.HealthData), (consents[3].Text!.Purpose, consents[3].Text!.Kind));
            Assert.Equal(defaults with { Purpose = "Своя цель школы" }, consents[4].Text!.Wording);
            Assert.Equal(2, consents[4].Text!.Version);
            Assert.Equal([a, b, a, b, b], consents.Select(c => c.PersonId));

            // The next consent on a wording already stored reuses its row; a new wording is the kind's next version.
            var again = await ConsentTexts.ResolveAsync(db, ConsentKind.PersonalData, defaults);
            Assert.Equal(consents[0].TextId, again.Id);
            var edited = await ConsentTexts.ResolveAsync(db, ConsentKind.PersonalData, defaults with { Term = "5 лет" });
            Assert.Equal((0, 3), (edited.Id, edited.Version));
        }
    }

    private static DbContextOptions<AppDbContext> Options(Dictionary<string, string?> settings)
    {
        var b = new DbContextOptionsBuilder<AppDbContext>();
        if (settings["Database:Provider"] == "Postgres") b.UseNpgsql(settings["Database:ConnectionString"]);
        else b.UseSqlite("Data Source=" + settings["Database:SqlitePath"] + ";Foreign Keys=True");
        return b.Options;
    }

    private static AppDbContext NewContext(DbContextOptions<AppDbContext> options)
    {
        var scope = new CurrentScope(new HttpContextAccessor());
        scope.Set(TenantScope.System);
        return new AppDbContext(options, scope);
    }
}
