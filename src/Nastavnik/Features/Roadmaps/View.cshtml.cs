using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nastavnik.Data;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.Roadmaps;

/// <summary>The roadmap as a table: stages, items with the due as written and as read, execution and overdue marks.</summary>
[Authorize(Policy = Permissions.RoadmapsRead)]
public sealed class ViewModel(AppDbContext db, IAuthorizationService auth, TimeProvider clock) : PageModel
{
    public sealed record ItemRow(RoadmapItem Item, Due Due, bool Overdue, string State);
    public sealed record Group(RoadmapStage? Stage, List<ItemRow> Items);

    [BindProperty(SupportsGet = true)] public int Id { get; set; }
    /// <summary>"overdue" shows only overdue items, "open" only those not done.</summary>
    [BindProperty(SupportsGet = true)] public string? Show { get; set; }

    public Roadmap Roadmap { get; private set; } = null!;
    public List<Group> Groups { get; } = [];
    public RoadmapProgress Progress { get; private set; } = RoadmapProgress.Empty;
    public int Unrecognised { get; private set; }
    public bool CanWrite { get; private set; }
    public bool CanApprove { get; private set; }
    public DateOnly Today { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var r = await RoadmapWeb.LoadAsync(db, Id, tracked: false);
        if (r is null || !await RoadmapWeb.CanAsync(auth, User, r, Permissions.RoadmapsRead)) return NotFound();
        Roadmap = r;
        Today = RoadmapWeb.Today(clock);
        CanWrite = await RoadmapWeb.CanAsync(auth, User, r, Permissions.RoadmapsWrite);
        CanApprove = await RoadmapWeb.CanAsync(auth, User, r, Permissions.RoadmapsApprove);
        var context = r.DueContext;
        Progress = RoadmapProgress.Of(r.Items, context, Today);
        foreach (var (stage, items) in RoadmapDocuments.Grouped(r))
        {
            var rows = items.Select(i =>
            {
                var due = Due.Parse(i.DueText, context);
                return new ItemRow(i, due, i.IsOverdue(due, Today), RoadmapDocuments.ItemState(i, due, Today));
            }).ToList();
            Unrecognised += rows.Count(x => x.Due.NeedsReview);
            if (Show == "overdue") rows = rows.Where(x => x.Overdue).ToList();
            else if (Show == "open") rows = rows.Where(x => x.Item.IsOpen).ToList();
            if (rows.Count > 0 || (stage is not null && Show is null)) Groups.Add(new Group(stage, rows));
        }
        return Page();
    }

    /// <summary>Only web links become links; anything else (javascript:, file:) is shown as text.</summary>
    public static bool IsWebLink(string? s) => Uri.TryCreate(s, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps);
}
