using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nastavnik.Data;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.Mentorships;

/// <summary>Pairs and groups of the organisations in scope, with mentees' requests on top for the curator.</summary>
[Authorize(Policy = Permissions.MentorshipsRead)]
public sealed class IndexModel(AppDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)] public MentorshipStatus? Status { get; set; }

    public List<MentorshipQueries.Row> Items { get; private set; } = [];
    public List<MentorshipQueries.Row> Requests { get; private set; } = [];
    public bool CanWrite => db.Scope.Has(Permissions.MentorshipsWrite);
    public bool CanApprove => db.Scope.Has(Permissions.MentorshipsApprove);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var q = db.Mentorships.AsQueryable();
        if (Status is { } s) q = q.Where(m => m.Status == s);
        Items = await MentorshipQueries.RowsAsync(q.OrderByDescending(m => m.Id).Take(500), ct);
        Requests = await MentorshipQueries.RowsAsync(db.Mentorships.Where(m => (m.IsMenteeRequest && m.Status == MentorshipStatus.Draft)
            || (m.ReplacementRequestedAt != null && (m.Status == MentorshipStatus.Approved || m.Status == MentorshipStatus.Active))).OrderBy(m => m.Id), ct);
    }
}
