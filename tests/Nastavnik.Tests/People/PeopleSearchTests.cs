using Microsoft.EntityFrameworkCore;
using Nastavnik.Features.People;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Tests.People;

/// <summary>Register search: case, ё/е and word order do not matter, on SQLite and PostgreSQL alike; and it asks an index.</summary>
public sealed class PeopleSearchTests(TestApp app) : IClassFixture<TestApp>
{
    [Theory]
    [InlineData("волкова наталья сергеевна", "Волкова", "Наталья", "Сергеевна")]
    [InlineData("соловьев петр", "  СОЛОВЬЁВ ", "Пётр", null)]
    [InlineData("анна-мария де ла круз", "Анна-Мария", " Де\tЛа  ", "Круз")]
    [InlineData("елкина", "Ёлкина", "", "   ")]
    [InlineData("", null, " ", "")]
    public void Normalize_LowerCaseYoAsYe_OneSpaceBetweenWords(string expected, string? last, string? first, string? middle) =>
        Assert.Equal(expected, PersonSearch.Normalize(last, first, middle));

    [Fact]
    public async Task Search_IgnoresCaseAndYo_MatchesWordByWord_AndInitials()
    {
        var org = await app.CreateOrganizationAsync();
        await app.WithDbAsync(async db =>
        {
            db.People.AddRange(
                new Person { OrganizationId = org.Id, MunicipalityId = org.MunicipalityId, RegionId = org.RegionId, LastName = "Волкова", FirstName = "Наталья", MiddleName = "Сергеевна", EnteredOn = new DateOnly(2026, 9, 1) },
                new Person { OrganizationId = org.Id, MunicipalityId = org.MunicipalityId, RegionId = org.RegionId, LastName = "Соловьёв", FirstName = "Пётр", MiddleName = "Ильич", EnteredOn = new DateOnly(2026, 9, 1) },
                new Person { OrganizationId = org.Id, MunicipalityId = org.MunicipalityId, RegionId = org.RegionId, LastName = "Волков", FirstName = "Наталий", EnteredOn = new DateOnly(2026, 9, 1) },
                new Person { OrganizationId = org.Id, MunicipalityId = org.MunicipalityId, RegionId = org.RegionId, LastName = "Сергеева", FirstName = "Волкова", EnteredOn = new DateOnly(2026, 9, 1) });
            await db.SaveChangesAsync();
        });
        var curator = await app.LoginAsAsync(Role.Curator, organization: org);
        async Task<string> Find(string q) => await curator.GetHtmlAsync("/people?q=" + Uri.EscapeDataString(q));

        foreach (var q in new[] { "ВОЛКОВА", "волкова", "Волкова", "Наталья Волкова", "Волкова Н.С.", "волкова наталья сергеевна", "Волкова Н. С.", "волк наталья с" })
        {
            var html = await Find(q);
            Assert.Contains("Волкова Наталья Сергеевна", html);
            Assert.DoesNotContain("Волков Наталий", html);
        }
        Assert.Contains("Найдено: 1", await Find("Наталья Волкова"));
        Assert.Contains("Найдено: 1", await Find("Волкова Н.С."));
        // «Волкова» is also someone's first name: a word may begin any of the three names.
        Assert.Contains("Найдено: 2", await Find("волкова"));
        Assert.Contains("Найдено: 0", await Find("Волкова Н.П."));
        foreach (var q in new[] { "Соловьев", "Соловьёв", "СОЛОВЬЕВ", "соловьев петр", "Петр Ильич Соловьев" })
            Assert.Contains("Соловьёв Пётр Ильич", await Find(q));
        Assert.Contains("Найдено: 2", await Find("Нат"));
        Assert.Contains("Найдено: 0", await Find("Ильич"));
        // The export uses the same search.
        Assert.Contains("Соловьёв", await curator.GetHtmlAsync("/people/export?format=csv&q=" + Uri.EscapeDataString("соловьев")));
    }

    [Fact]
    public void Words_AreNormalised_AndSplitOnDots()
    {
        Assert.Equal(["волкова", "н", "с"], PersonSearch.Words(" ВОЛКОВА  Н.С. "));
        Assert.Equal(["соловьев"], PersonSearch.Words("Соловьёв"));
        Assert.Equal("натальѐ", PersonSearch.UpperBound("наталья"));
        Assert.Equal("волкова наталья сергеевна", new Person { LastName = "ВолкОва", FirstName = "Наталья", MiddleName = "Сергеевна" }.SearchName);
        Assert.Equal("петр", new Person { LastName = "Соловьёв", FirstName = "Пётр" }.SearchGivenName);
        Assert.Empty(PersonSearch.Words(" . , "));
    }

    [Fact]
    public async Task Search_AsksIndexedRanges_NotAScan()
    {
        var sql = await app.WithDbAsync(db => Task.FromResult(PersonSearch.Apply(db.People, "Наталья Волкова").ToQueryString()));
        Assert.Contains("\"SearchName\" >=", sql);
        Assert.Contains("\"SearchGivenName\" >=", sql);
        var plan = await app.WithDbAsync(async db =>
        {
            var conn = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync();
            // A test table is tiny: PostgreSQL would rightly scan it. Forbid that to see whether an index can serve the query at all.
            if (db.Database.IsNpgsql()) await db.Database.ExecuteSqlRawAsync("SET enable_seqscan = off");
            await using var cmd = conn.CreateCommand();
            var query = PersonSearch.Apply(db.People.IgnoreQueryFilters(), "Наталья Волкова").Select(p => p.Id).ToQueryString();
            // The parameters are declared at the top of the text on both providers; inline them for EXPLAIN.
            cmd.CommandText = (db.Database.IsNpgsql() ? "EXPLAIN " : "EXPLAIN QUERY PLAN ") + Inline(query);
            var lines = new List<string>();
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync()) lines.Add(reader.GetValue(reader.FieldCount - 1)?.ToString() ?? "");
            return string.Join("\n", lines);
        });
        Assert.Contains("IX_People_SearchName", plan);
        Assert.Contains("IX_People_SearchGivenName", plan);
    }

    /// <summary>ToQueryString's text declares each parameter first (SQLite: «.param set @p 'x'», PostgreSQL: «-- @p='x'»): put the values in.</summary>
    private static string Inline(string query)
    {
        var values = new Dictionary<string, string>();
        var body = new List<string>();
        foreach (var line in query.Split('\n'))
        {
            var m = System.Text.RegularExpressions.Regex.Match(line, @"^(?:\.param set |-- )(@\w+)[ =]('(?:[^']|'')*'|\S+)");
            if (m.Success) { values[m.Groups[1].Value] = m.Groups[2].Value; continue; }
            body.Add(line);
        }
        var sql = string.Join("\n", body);
        foreach (var (name, value) in values.OrderByDescending(v => v.Key.Length))
            sql = System.Text.RegularExpressions.Regex.Replace(sql, System.Text.RegularExpressions.Regex.Escape(name) + @"\b", value.Replace("$", "$$", StringComparison.Ordinal));
        return sql;
    }
}
