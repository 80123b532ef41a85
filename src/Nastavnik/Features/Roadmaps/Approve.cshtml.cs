using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Platform.Audit;
using Nastavnik.Platform.Auth;
using Nastavnik.Platform.Web;

namespace Nastavnik.Features.Roadmaps;

/// <summary>
/// The municipality's decision. An organisation's roadmap, once submitted, is approved (with the order or letter
/// that approves it) or returned with a comment; a municipal roadmap is approved by the coordinator directly.
/// An approval can be withdrawn to let the plan change again. Every transition is audited.
/// </summary>
[Authorize(Policy = Permissions.RoadmapsApprove)]
public sealed class ApproveModel(AppDbContext db, IAuthorizationService auth, AuditLog audit, TimeProvider clock) : PageModel
{
    public sealed class ApproveInput
    {
        [Display(Name = "Дата утверждения"), Required]
        public DateOnly? ApprovalDate { get; set; }
        [Display(Name = "Номер приказа (письма)"), StringLength(50)]
        public string? OrderNumber { get; set; }
        [Display(Name = "Дата приказа (письма)")]
        public DateOnly? OrderDate { get; set; }
        [Display(Name = "Должность утверждающего («УТВЕРЖДАЮ»)"), StringLength(300)]
        public string? ApproverPosition { get; set; }
        [Display(Name = "Инициалы и фамилия утверждающего"), StringLength(300)]
        public string? ApproverName { get; set; }
        public Guid? Version { get; set; }
    }

    public sealed class CommentInput
    {
        [Display(Name = "Что нужно исправить"), Required, StringLength(2000, MinimumLength = 3)]
        public string? Comment { get; set; }
        public Guid? Version { get; set; }
    }

    [BindProperty(SupportsGet = true)] public int Id { get; set; }
    [BindProperty] public ApproveInput Approval { get; set; } = new();
    [BindProperty] public CommentInput Decision { get; set; } = new();
    public Roadmap Roadmap { get; private set; } = null!;
    public RoadmapProgress Progress { get; private set; } = RoadmapProgress.Empty;
    public int Unrecognised { get; private set; }

    public bool CanApprove => Roadmap.IsMunicipal ? Roadmap.PlanEditable : Roadmap.Status == RoadmapStatus.Submitted;
    public bool CanReturn => !Roadmap.IsMunicipal && Roadmap.Status == RoadmapStatus.Submitted;
    public bool CanReopen => Roadmap.Status == RoadmapStatus.Approved;

    public async Task<IActionResult> OnGetAsync()
    {
        if (await Load() is { } fail) return fail;
        Prefill();
        return Page();
    }

    public async Task<IActionResult> OnPostApproveAsync()
    {
        if (await Load() is { } fail) return fail;
        RoadmapWeb.ValidateOnly(ModelState, "Approval");
        var r = Roadmap;
        if (!CanApprove) ModelState.AddModelError("", r.IsMunicipal ? "Дорожная карта уже утверждена." : "Утвердить можно только дорожную карту, поданную на согласование.");
        var today = RoadmapWeb.Today(clock);
        if (Approval.ApprovalDate > today) ModelState.AddModelError("Approval.ApprovalDate", "Дата утверждения не может быть позже сегодняшней.");
        if (Approval.OrderDate > today) ModelState.AddModelError("Approval.OrderDate", "Дата приказа не может быть позже сегодняшней.");
        if (!ModelState.IsValid)
        {
            Decision.Version = r.Version;
            return Page();
        }
        db.Entry(r).Property(x => x.Version).OriginalValue = Approval.Version ?? Guid.Empty;
        r.Status = RoadmapStatus.Approved;
        r.ApprovedAt = clock.GetUtcNow().UtcDateTime;
        r.ApprovedBy = User.DisplayName();
        r.ApprovalDate = Approval.ApprovalDate;
        r.ApprovalOrderNumber = RoadmapWeb.Clean(Approval.OrderNumber);
        r.ApprovalOrderDate = Approval.OrderDate;
        if (r.IsMunicipal)
        {
            r.ApproverPosition = RoadmapWeb.Clean(Approval.ApproverPosition);
            r.ApproverName = RoadmapWeb.Clean(Approval.ApproverName);
        }
        r.ReturnComment = null;
        return await Save(r, AuditActions.Approve, r.ApprovalOrderNumber is null ? null : "приказ № " + r.ApprovalOrderNumber, "Дорожная карта утверждена.");
    }

    public async Task<IActionResult> OnPostReturnAsync()
    {
        if (await Load() is { } fail) return fail;
        RoadmapWeb.ValidateOnly(ModelState, "Decision");
        var r = Roadmap;
        if (!CanReturn) ModelState.AddModelError("", "Вернуть на доработку можно только дорожную карту, поданную на согласование.");
        if (!ModelState.IsValid)
        {
            Prefill();
            return Page();
        }
        db.Entry(r).Property(x => x.Version).OriginalValue = Decision.Version ?? Guid.Empty;
        r.Status = RoadmapStatus.Returned;
        r.ReturnedAt = clock.GetUtcNow().UtcDateTime;
        r.ReturnedBy = User.DisplayName();
        r.ReturnComment = Decision.Comment!.Trim().Replace("\r\n", "\n", StringComparison.Ordinal);
        return await Save(r, AuditActions.Return, null, "Дорожная карта возвращена на доработку с комментарием.");
    }

    public async Task<IActionResult> OnPostReopenAsync()
    {
        if (await Load() is { } fail) return fail;
        RoadmapWeb.ValidateOnly(ModelState, "Decision");
        var r = Roadmap;
        if (!CanReopen) ModelState.AddModelError("", "Дорожная карта не утверждена.");
        if (!ModelState.IsValid)
        {
            Prefill();
            return Page();
        }
        db.Entry(r).Property(x => x.Version).OriginalValue = Decision.Version ?? Guid.Empty;
        // An organisation sees why in the return comment; a municipal roadmap goes back to draft.
        r.Status = r.IsMunicipal ? RoadmapStatus.Draft : RoadmapStatus.Returned;
        r.ReturnedAt = clock.GetUtcNow().UtcDateTime;
        r.ReturnedBy = User.DisplayName();
        r.ReturnComment = Decision.Comment!.Trim().Replace("\r\n", "\n", StringComparison.Ordinal);
        r.ApprovedAt = null;
        r.ApprovedBy = null;
        r.ApprovalDate = null;
        r.ApprovalOrderNumber = null;
        r.ApprovalOrderDate = null;
        return await Save(r, AuditActions.Reopen, null, "Утверждение снято: план снова можно изменять.");
    }

    private async Task<IActionResult> Save(Roadmap r, string action, string? details, string flash)
    {
        try
        {
            audit.Add(action, "roadmap", r.Id.ToString(CultureInfo.InvariantCulture), details, r.OrganizationId);
            await db.SaveChangesAsync();
        }
        catch (DbUpdateConcurrencyException)
        {
            TempData["FlashError"] = "Дорожную карту только что изменил другой пользователь. Проверьте её и повторите решение.";
            return Redirect($"/roadmaps/approve/{r.Id}");
        }
        TempData["Flash"] = flash;
        return Redirect(r.IsMunicipal ? $"/roadmaps/view/{r.Id}" : "/roadmaps/approvals?m=" + r.MunicipalityId.ToString(CultureInfo.InvariantCulture)
            + "&year=" + RoadmapWeb.SchoolYearOf(r.PeriodStart).ToString(CultureInfo.InvariantCulture));
    }

    private void Prefill()
    {
        var r = Roadmap;
        Approval = new ApproveInput
        {
            ApprovalDate = r.ApprovalDate ?? RoadmapWeb.Today(clock), OrderNumber = r.ApprovalOrderNumber, OrderDate = r.ApprovalOrderDate,
            ApproverPosition = r.ApproverPosition, ApproverName = r.ApproverName, Version = r.Version,
        };
        Decision.Version = r.Version;
    }

    private async Task<IActionResult?> Load()
    {
        var r = await RoadmapWeb.LoadAsync(db, Id);
        if (r is null || !await RoadmapWeb.CanAsync(auth, User, r, Permissions.RoadmapsApprove)) return NotFound();
        Roadmap = r;
        Progress = RoadmapProgress.Of(r.Items, r.DueContext, RoadmapWeb.Today(clock));
        Unrecognised = r.Items.Count(i => i.DueNeedsReview);
        return null;
    }
}
