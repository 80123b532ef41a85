using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Features.Mentorships;

namespace Nastavnik.Features.IndividualRoutes;

/// <summary>
/// «ИОМ» next to a programme (issue 5: «visible next to the programme»): the routes of the pair's mentees that the viewer
/// may open. A view component, so the programme card needs one line and no changes to its page model.
/// </summary>
public sealed class RouteLinksViewComponent(AppDbContext db, IndividualRouteAccess access) : ViewComponent
{
    public sealed record Link(int Id, string Person, string Period, RouteProgress Progress, RouteStatus Status);

    public async Task<IViewComponentResult> InvokeAsync(int mentorshipId)
    {
        var mentees = db.MentorshipParticipants.Where(p => p.MentorshipId == mentorshipId && p.Role != ParticipantRole.Mentor).Select(p => p.PersonId);
        var routes = await db.IndividualRoutes.AsNoTracking().Include(r => r.Person).Where(r => mentees.Contains(r.PersonId))
            .OrderByDescending(r => r.StartDate).ToListAsync(HttpContext.RequestAborted);
        var links = new List<Link>();
        foreach (var r in routes)
        {
            if (!(await access.ForAsync(r, HttpContext.RequestAborted)).Read) continue;
            var items = await db.IndividualRouteItems.AsNoTracking().Where(i => i.RouteId == r.Id).ToListAsync(HttpContext.RequestAborted);
            links.Add(new Link(r.Id, r.Person!.FullName, $"{Platform.Web.Formats.Date(r.StartDate)} – {Platform.Web.Formats.Date(r.EndDate)}", RouteProgress.Of(items), r.Status));
        }
        return View("/Features/IndividualRoutes/_RouteLinks.cshtml", links);
    }
}
