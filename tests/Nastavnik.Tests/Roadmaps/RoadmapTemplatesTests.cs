using Nastavnik.Features.Roadmaps;

namespace Nastavnik.Tests.Roadmaps;

/// <summary>The built-in templates: their dues read for any period, and they carry no real people or places from the seeds.</summary>
public sealed class RoadmapTemplatesTests
{
    private static Roadmap Build(RoadmapTemplate t, int year)
    {
        var (start, end) = t.Period == TemplatePeriod.SchoolYear
            ? (new DateOnly(year, 9, 1), new DateOnly(year + 1, 8, 31))
            : (new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
        var r = new Roadmap { Title = "", PeriodText = "", PeriodStart = start, PeriodEnd = end };
        RoadmapTemplates.Apply(t, r);
        return r;
    }

    public static TheoryData<string> Keys() => [.. RoadmapTemplates.All.Select(t => t.Key)];

    [Theory]
    [MemberData(nameof(Keys))]
    public void Apply_AnyYear_EveryDueReadWithoutWarnings(string key)
    {
        var t = RoadmapTemplates.Find(key)!;
        foreach (var year in new[] { 2023, 2026, 2031 })
        {
            var r = Build(t, year);
            Assert.Equal(t.ItemCount, r.Items.Count);
            Assert.All(r.Items, i =>
            {
                var due = Due.Parse(i.DueText, r.DueContext);
                Assert.True(due.IsParsed && !due.NeedsReview, $"{key} {year} {i.Number} «{i.DueText}»: {due.Kind} {due.Warning}");
                Assert.Equal(due.Kind, i.DueKind);
                Assert.Equal(due.End, i.DueEnd);
                Assert.DoesNotContain("{Y", i.Name + i.Content + i.DueText, StringComparison.Ordinal);
            });
            Assert.DoesNotContain("{Y", RoadmapTemplates.Fill(t.Title, r.PeriodStart, r.PeriodEnd), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Templates_HaveTheSeedsStructure()
    {
        Assert.Equal((7, 19), (RoadmapTemplates.Staged.Stages.Count, RoadmapTemplates.Staged.ItemCount));
        Assert.Equal((7, 31), (RoadmapTemplates.Sections.Stages.Count, RoadmapTemplates.Sections.ItemCount));
        Assert.Equal(11, RoadmapTemplates.Flat.ItemCount);
        Assert.Null(Assert.Single(RoadmapTemplates.Flat.Stages).Title);
        Assert.False(RoadmapTemplates.School.Municipal);
        Assert.Equal(7, RoadmapTemplates.School.Stages.Count);
    }

    [Fact]
    public void Apply_Sections2023_KeepsTheSeedsDeadlineAndNumbers()
    {
        var r = Build(RoadmapTemplates.Sections, 2023);
        var agreement = r.Items.Single(i => i.Number == "1.6");
        Assert.Equal("до 20.09.2023", agreement.DueText);
        Assert.Equal((DueKind.Deadline, new DateOnly(2023, 9, 20)), (agreement.DueKind, agreement.DueEnd!.Value));
        Assert.Equal(["1", "2", "3", "4", "5", "6", "7"], r.Stages.Select(s => s.Number));
        Assert.Equal("7.2", r.Items[^1].Number);
    }

    /// <summary>Names of people, districts and institutions that appear in the seeds must not leak into built-in data.</summary>
    [Fact]
    public void Templates_ContainNoNamesFromTheSeeds()
    {
        string[] banned =
        [
            "Мильнев", "Барыбин", "Аладин", "Жуков", "Цих", "Ковалев", "Галушкин", "Кутейкин", "Завальнюк", "Стрюков", "Борисов", "Маилян",
            "Клин", "Валуй", "Тарасов", "Краснокут", "БелИРО", "ЦИМиМТО", "МУМК",
        ];
        foreach (var t in RoadmapTemplates.All)
        {
            var text = string.Join("\n", new[] { t.Name, t.Source, t.Title, t.Goal, t.Tasks }
                .Concat(t.Stages.Select(s => s.Title))
                .Concat(t.Stages.SelectMany(s => s.Items).SelectMany(i => new[] { i.Name, i.Content, i.Due, i.Responsible, i.Result, i.Audience })));
            foreach (var word in banned) Assert.DoesNotContain(word, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>
    /// The staged (seed 004) roadmap for 2023/2024 on 1 October 2023: ten items were due by then (1.1 in August and nine
    /// September items). Done: 1.1 on 25.08 and 1.3 on 15.09 (on time), 1.4 on 01.10 (late), 1.2 on 01.10 (its due is
    /// October: early, on time). So 4 done, 3 on time, and the other 7 September items overdue: 3 / (4 + 7) = 27 %.
    /// </summary>
    [Fact]
    public void Progress_Staged2023_MarkedItems_GiveOnTimeShare()
    {
        var r = Build(RoadmapTemplates.Staged, 2023);
        var today = new DateOnly(2023, 10, 1);
        var byNumber = r.Items.ToDictionary(i => i.Number!);
        void Done(string n, int month, int day)
        {
            byNumber[n].Status = RoadmapItemStatus.Done;
            byNumber[n].DoneAt = new DateOnly(2023, month, day);
        }
        Assert.Equal(10, r.Items.Count(i => i.DueEnd < today)); // 1.1 (August) and nine September items
        Done("1.1", 8, 25);
        Done("1.3", 9, 15);
        Done("1.4", 10, 1);
        Done("1.2", 10, 1);
        var p = RoadmapProgress.Of(r.Items, r.DueContext, today);
        Assert.Equal((19, 4, 3, 7), (p.Total, p.Done, p.DoneOnTime, p.Overdue));
        Assert.Equal(27, p.OnTimePercent);

        // Cancelling an overdue item takes it out of the count; nothing due yet means no share at all.
        byNumber["2.1"].Status = RoadmapItemStatus.Cancelled;
        Assert.Equal(30, RoadmapProgress.Of(r.Items, r.DueContext, today).OnTimePercent); // 3 / (4 + 6)
        Assert.Null(RoadmapProgress.Of(Build(RoadmapTemplates.Staged, 2023).Items, r.DueContext, new DateOnly(2023, 7, 1)).OnTimePercent);
    }
}
