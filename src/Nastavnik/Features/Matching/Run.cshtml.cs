using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Matching;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.Matching;

/// <summary>
/// A stored run: every pair with the reasons it was chosen, who was left without a mentor and why, how much
/// better than a greedy choice the exact solution is. The curator locks pairs and changes weights and runs
/// again (a new stored run), or checks that the stored input reproduces the same result.
/// </summary>
[Authorize(Policy = Permissions.MatchingRun)]
public sealed class RunModel(AppDbContext db, MatchingPool pool, MatchingRunner runner) : PageModel
{
    public sealed record PairView(int MenteeId, string Mentee, int MentorId, string Mentor, int Score, bool IsLocked, IReadOnlyList<ScoreComponent> Breakdown);

    [BindProperty(SupportsGet = true)] public int Id { get; set; }
    [BindProperty] public WeightsInput Weights { get; set; } = new();
    [BindProperty] public List<string> Lock { get; set; } = [];

    public MatchingRun Run { get; private set; } = null!;
    public MatchingRunner.StoredResult Result { get; private set; } = null!;
    public List<PairView> Pairs { get; private set; } = [];
    public List<(string Name, string Why)> Unmatched { get; private set; } = [];
    public Dictionary<int, int> LoadByMentor { get; private set; } = [];
    public List<(string Name, int Capacity, int Taken)> Mentors { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ? Page() : NotFound();

    public async Task<IActionResult> OnPostRerunAsync()
    {
        if (!await LoadAsync()) return NotFound();
        if (!ModelState.IsValid) return Page();
        var locked = new List<PairKey>();
        foreach (var l in Lock)
        {
            var parts = l.Split(':');
            if (parts.Length == 2 && int.TryParse(parts[0], out var a) && int.TryParse(parts[1], out var b)) locked.Add(new PairKey(a, b));
        }
        MatchingPool.Input input;
        try
        {
            input = await pool.LoadAsync(Run.MunicipalityId, Run.OrganizationId, Weights.ToWeights(), locked);
            var run = await runner.RunAsync(input, Run.RegionId, Run.MunicipalityId, Run.OrganizationId);
            TempData["Flash"] = locked.Count > 0 ? $"Подбор выполнен заново; закреплено пар: {locked.Count}." : "Подбор выполнен заново с новыми весами.";
            return Redirect($"/matching/run/{run.Id}");
        }
        catch (MatchingInputException ex)
        {
            foreach (var e in ex.Errors) ModelState.AddModelError("", e);
            return Page();
        }
    }

    /// <summary>Re-solves the stored input: the same pairs and total prove the run is reproducible.</summary>
    public async Task<IActionResult> OnPostReproduceAsync()
    {
        if (!await LoadAsync()) return NotFound();
        var again = ExactMatcher.Solve(MatchingRunner.ReadInput(Run).ToProblem());
        var same = again.TotalScore == Run.TotalScore
            && again.Pairs.Select(p => (p.MenteeId, p.MentorId)).OrderBy(x => x).SequenceEqual(Result.Pairs.Select(p => (p.MenteeId, p.MentorId)).OrderBy(x => x));
        TempData[same ? "Flash" : "FlashError"] = same
            ? $"Подбор воспроизведён: те же {again.Pairs.Count} пар, сумма баллов {again.TotalScore}."
            : $"Результат отличается: сумма {again.TotalScore} вместо {Run.TotalScore}. Сообщите администратору.";
        return Redirect($"/matching/run/{Id}");
    }

    private async Task<bool> LoadAsync()
    {
        var run = await db.MatchingRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == Id);
        var scope = db.Scope.For(Permissions.MatchingRun);
        if (run is null) return false;
        var allowed = run.OrganizationId is { } org ? scope.CoversOrganization(run.RegionId, run.MunicipalityId, org) : scope.CoversMunicipality(run.RegionId, run.MunicipalityId);
        if (!allowed) return false;
        Run = run;
        Result = MatchingRunner.ReadResult(run);
        var input = MatchingRunner.ReadInput(run);
        if (Request.Method == "GET") Weights = WeightsInput.From(input.Weights);
        string Name(int id) => input.Names.GetValueOrDefault(id, $"№ {id}");
        Pairs = [.. Result.Pairs.OrderBy(p => Name(p.MentorId), StringComparer.Ordinal).ThenByDescending(p => p.Score)
            .Select(p => new PairView(p.MenteeId, Name(p.MenteeId), p.MentorId, Name(p.MentorId), p.Score, p.IsLocked, p.Breakdown))];
        LoadByMentor = Result.Pairs.GroupBy(p => p.MentorId).ToDictionary(g => g.Key, g => g.Count());
        Mentors = [.. input.Mentors.Select(m => (Name(m.Id), m.Capacity, LoadByMentor.GetValueOrDefault(m.Id))).OrderBy(m => m.Item1, StringComparer.Ordinal)];
        var free = input.Mentors.Sum(m => m.Capacity) - Result.Pairs.Count;
        Unmatched = [.. Result.Unmatched.Select(id => (Name(id), free <= 0
            ? "у наставников не осталось свободных мест"
            : "нет наставника с положительной оценкой совпадения (нет общих дефицитов/сильных сторон, предмета или предпочтений)"))];
        return true;
    }
}
