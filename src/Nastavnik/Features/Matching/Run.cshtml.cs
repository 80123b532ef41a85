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
public sealed class RunModel(AppDbContext db, MatchingPool pool, MatchingRunner runner, Mentorships.MentorshipService mentorships, TimeProvider clock) : PageModel
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

    /// <summary>
    /// Accepting turns the chosen pairs into mentorships proposed for the head's approval (one traditional pair per
    /// mentee, the form chosen by who the mentor and mentee are). Pairs that cannot be formed are listed with the reason.
    /// </summary>
    public async Task<IActionResult> OnPostAcceptAsync(List<string> accept, DateOnly? startDate, DateOnly? endDate)
    {
        if (!await LoadAsync()) return NotFound();
        if (Run.OrganizationId is null) return Flash("Подбор по муниципальному банку — предложение для школ: пары закрепляют кураторы в своих организациях.", error: true);
        if (!db.Scope.Has(Permissions.MentorshipsWrite)) return Forbid();
        if (Run.AcceptedAt is not null) return Flash(AlreadyAccepted(Run), error: true);
        if (startDate is null || endDate is null || endDate <= startDate) return Flash("Укажите срок: дата окончания позже даты начала.", error: true);
        var chosen = Result.Pairs.Where(p => accept.Contains($"{p.MenteeId}:{p.MentorId}")).ToList();
        if (chosen.Count == 0) return Flash("Отметьте пары, которые нужно закрепить.", error: true);
        var forms = await mentorships.FormsAsync(Run.RegionId);
        var kinds = await mentorships.KindsAsync(Run.RegionId);
        var traditional = kinds.First(k => k.Code == "traditional");
        var ids = chosen.SelectMany(p => new[] { p.MenteeId, p.MentorId }).Distinct().ToList();
        var people = await db.People.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id);

        // The run is accepted once. The mark is set by a conditional update inside the transaction that creates the pairs:
        // of two racing submits only one updates the row (PostgreSQL re-checks the condition after the first commits;
        // SQLite's IMMEDIATE transaction serialises them), the other finds the run accepted and creates nothing.
        await using var tx = db.Database.IsNpgsql() ? await db.Database.BeginTransactionAsync()
            : await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.Serializable);
        var now = clock.GetUtcNow().UtcDateTime;
        var user = User.Identity?.Name;
        var marked = await db.MatchingRuns.Where(r => r.Id == Run.Id && r.AcceptedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.AcceptedAt, now).SetProperty(r => r.AcceptedBy, user));
        if (marked == 0)
        {
            await tx.RollbackAsync();
            var fresh = await db.MatchingRuns.AsNoTracking().FirstAsync(r => r.Id == Run.Id);
            return Flash(AlreadyAccepted(fresh), error: true);
        }
        // A mentee already in a pair (a draft, on approval, approved or active) is not proposed again: another run or the
        // curator's hand got there first.
        var busy = await Mentorships.MentorshipQueries.OccupiedMenteeIds(db).Where(id => ids.Contains(id)).ToListAsync();
        var created = 0;
        var problems = new List<string>();
        foreach (var pair in chosen)
        {
            if (!people.TryGetValue(pair.MenteeId, out var mentee) || !people.TryGetValue(pair.MentorId, out var mentor)) { problems.Add($"пара №{pair.MenteeId}: участник выбыл из реестра"); continue; }
            if (busy.Contains(mentee.Id)) { problems.Add($"{mentee.FullName} уже состоит в паре/группе (черновик, на утверждении или утверждена)"); continue; }
            var form = forms.FirstOrDefault(f => f.FitsMentor(mentor.Kind) && f.FitsMentee(mentee.Kind));
            if (form is null) { problems.Add($"{mentor.FullName} — {mentee.FullName}: нет подходящей формы наставничества"); continue; }
            var (m, errors) = await mentorships.CreateAsync(new Mentorships.MentorshipService.Draft(Run.OrganizationId.Value, form.Id, traditional.Id, [mentor.Id], [mentee.Id], [],
                startDate.Value, endDate.Value, $"по результатам подбора №{Run.Id}", IsMenteeRequest: false));
            if (m is null) { problems.Add($"{mentor.FullName} — {mentee.FullName}: {string.Join(" ", errors)}"); continue; }
            var moved = await mentorships.MoveAsync(m.Id, m.Version, Mentorships.MentorshipStatus.Proposed, null);
            if (moved is not null) problems.Add($"{mentor.FullName} — {mentee.FullName}: {moved}");
            created++;
        }
        if (created == 0)
        {
            // Nothing was formed: the run stays open so the curator can correct and accept it again.
            await tx.RollbackAsync();
            return Flash($"Пары не созданы: {string.Join("; ", problems)}", error: true);
        }
        await tx.CommitAsync();
        return Flash(problems.Count == 0
            ? $"Пар предложено на утверждение: {created}. Руководитель утверждает их приказом."
            : $"Пар предложено: {created}. Не удалось: {string.Join("; ", problems)}");
    }

    private static string AlreadyAccepted(MatchingRun run) =>
        $"Пары этого подбора уже предложены на утверждение ({Platform.Web.Formats.DateTime(run.AcceptedAt!.Value)}{(run.AcceptedBy is null ? "" : ", " + run.AcceptedBy)}); повторно они не создаются. Чтобы подобрать пары для оставшихся наставляемых, запустите подбор заново.";

    private RedirectResult Flash(string text, bool error = false)
    {
        TempData[error ? "FlashError" : "Flash"] = text;
        return Redirect($"/matching/run/{Id}");
    }

    public DateOnly DefaultStart => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
    public DateOnly DefaultEnd => DefaultStart.AddMonths(9);

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
        // The run keeps its pool's names to be reproducible; someone who has since withdrawn their consent is not named
        // (the register hides them at once; the purge job removes the stored name 30 days later).
        var ids = input.Names.Keys.ToList();
        var present = (await db.People.AsNoTracking().Where(p => ids.Contains(p.Id)).Select(p => p.Id).ToListAsync()).ToHashSet();
        string Name(int id) => present.Contains(id) ? input.Names.GetValueOrDefault(id, $"№ {id}") : $"участник № {id} (исключён из реестра)";
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
