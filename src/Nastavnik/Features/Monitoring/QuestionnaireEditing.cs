using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;

namespace Nastavnik.Features.Monitoring;

/// <summary>Writes of the builder shared by its pages: a question's fields and options, reordering, copying.</summary>
public static class QuestionnaireEditing
{
    /// <summary>The builder's question form, as posted and as shown again with its errors.</summary>
    public sealed record QuestionForm(int? QuestionId, int? SectionId, QuestionKind Kind, string? Text, bool Required, int? ScaleMin, int? ScaleMax,
        string? MinLabel, string? MaxLabel, string? Options, IReadOnlyList<QuestionnaireSection> Sections, IReadOnlyList<string> Errors, QuestionnaireKind QuestionnaireKind)
    {
        public static QuestionForm Empty(IReadOnlyList<QuestionnaireSection> sections, QuestionnaireKind kind) =>
            new(null, sections.Count > 0 ? sections[^1].Id : null, QuestionKind.Scale, null, true, kind == QuestionnaireKind.Card ? 0 : 1,
                kind == QuestionnaireKind.Card ? 2 : 5, null, null, kind == QuestionnaireKind.Card ? "не проявляется\nпроявляется частично\nпроявляется в полной мере" : null, sections, [], kind);

        public static QuestionForm Of(Question x, IReadOnlyList<QuestionnaireSection> sections, QuestionnaireKind kind) =>
            new(x.Id, x.SectionId, x.Kind, x.Text, x.Required, x.ScaleMin, x.ScaleMax, x.MinLabel, x.MaxLabel,
                string.Join('\n', x.Options.OrderBy(o => o.Order).Select(o => o.Text)), sections, [], kind);
    }

    /// <summary>Puts the clean question's fields and options on the entity (options are replaced: drafts have no answers).</summary>
    public static void Apply(Question x, MonitoringRules.CleanQuestion c)
    {
        (x.Kind, x.Text, x.Required, x.ScaleMin, x.ScaleMax, x.MinLabel, x.MaxLabel) = (c.Kind, c.Text, c.Required, c.ScaleMin, c.ScaleMax, c.MinLabel, c.MaxLabel);
        x.Options.Clear();
        var order = 0;
        foreach (var (text, value) in c.Options) x.Options.Add(new QuestionOption { Text = text, Value = value, Order = ++order });
    }

    /// <summary>Swaps the order of an item with its neighbour above or below (no-op at the edge).</summary>
    public static void Move<T>(List<T> ordered, T item, bool up, Func<T, int> get, Action<T, int> set)
    {
        var i = ordered.IndexOf(item);
        var j = up ? i - 1 : i + 1;
        if (i < 0 || j < 0 || j >= ordered.Count) return;
        var (a, b) = (get(ordered[i]), get(ordered[j]));
        if (a == b) b = up ? a - 1 : a + 1;
        set(ordered[i], b);
        set(ordered[j], a);
    }

    /// <summary>
    /// A draft copy of any questionnaire the user can read, at one of the user's levels: how a region adapts a built-in
    /// template, and how a published questionnaire gets a changed next version while the old one keeps its answers.
    /// </summary>
    public static async Task<Questionnaire> CopyAsync(AppDbContext db, Questionnaire source, MonitoringAccess.Level level, string? user, DateTime now, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var title = source.Title.EndsWith("(копия)", StringComparison.Ordinal) ? source.Title : source.Title + " (копия)";
        var copy = new Questionnaire
        {
            RegionId = level.RegionId, MunicipalityId = level.MunicipalityId, OrganizationId = level.OrganizationId,
            Title = title.Length > 300 ? title[..300] : title, Description = source.Description, Kind = source.Kind, Audience = source.Audience,
            IsAnonymous = source.IsAnonymous, Stages = source.Stages, Status = QuestionnaireStatus.Draft, CopiedFromId = source.Id, CreatedAt = now, CreatedBy = user,
        };
        var sections = source.Sections.OrderBy(s => s.Order).ToList();
        var map = sections.ToDictionary(s => s.Id, s => new QuestionnaireSection { Title = s.Title, Order = s.Order });
        copy.Sections.AddRange(map.Values);
        db.Questionnaires.Add(copy);
        await db.SaveChangesAsync(ct);
        foreach (var x in source.Questions.OrderBy(x => x.Order))
        {
            if (!map.TryGetValue(x.SectionId, out var section)) continue;
            copy.Questions.Add(new Question
            {
                SectionId = section.Id, Order = x.Order, Text = x.Text, Kind = x.Kind, Required = x.Required, ScaleMin = x.ScaleMin, ScaleMax = x.ScaleMax,
                MinLabel = x.MinLabel, MaxLabel = x.MaxLabel,
                Options = [.. x.Options.OrderBy(o => o.Order).Select(o => new QuestionOption { Order = o.Order, Text = o.Text, Value = o.Value })],
            });
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return copy;
    }
}
