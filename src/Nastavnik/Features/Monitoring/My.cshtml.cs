using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.Monitoring;

/// <summary>«Анкеты к заполнению»: the user's open questionnaires and cards, and the ones already sent.</summary>
[Authorize(Policy = Permissions.MonitoringFill)]
public sealed class MyModel(MonitoringInbox inbox, MonitoringService service) : PageModel
{
    public List<MonitoringInbox.Item> Open { get; private set; } = [];
    public List<MonitoringInbox.Item> Done { get; private set; } = [];
    public DateOnly Today => service.Today;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Open = await inbox.ItemsAsync(open: true, ct: ct);
        Done = await inbox.ItemsAsync(open: false, take: 50, ct: ct);
    }
}
