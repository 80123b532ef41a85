using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.Roadmaps;

/// <summary>Small things the roadmap pages share: today's date, resource checks, loading a roadmap whole.</summary>
public static class RoadmapWeb
{
    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    /// <summary>The local calendar day of a stored UTC instant.</summary>
    public static DateOnly LocalDate(TimeProvider clock, DateTime utc) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), clock.LocalTimeZone));

    /// <summary>2023 for any day from 1 September 2023 to 31 August 2024.</summary>
    public static int SchoolYearOf(DateOnly day) => day.Month >= 9 ? day.Year : day.Year - 1;

    public static DateOnly SchoolYearStart(int year) => new(year, 9, 1);

    public static DateOnly SchoolYearEnd(int year) => new(year + 1, 8, 31);

    public static async Task<bool> CanAsync(IAuthorizationService auth, ClaimsPrincipal user, Roadmap r, string permission) =>
        (await auth.AuthorizeAsync(user, r, new TenantOperation(permission))).Succeeded;

    /// <summary>A roadmap with its owner, stages and items (tracked, for changing).</summary>
    public static Task<Roadmap?> LoadAsync(AppDbContext db, int id, bool tracked = true)
    {
        var q = db.Roadmaps.Include(r => r.Municipality).Include(r => r.Organization).Include(r => r.Stages).Include(r => r.Items).AsSplitQuery();
        return (tracked ? q : q.AsNoTracking()).FirstOrDefaultAsync(r => r.Id == id);
    }

    public static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim().Replace("\r\n", "\n", StringComparison.Ordinal);

    public static string StatusBadge(RoadmapStatus s) => s switch
    {
        RoadmapStatus.Approved => "text-bg-success",
        RoadmapStatus.Submitted => "text-bg-primary",
        RoadmapStatus.Returned => "text-bg-warning",
        _ => "text-bg-secondary",
    };

    /// <summary>Keeps only the validation state of one form when a page holds several (each handler binds all properties).</summary>
    public static void ValidateOnly(Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary state, string prefix)
    {
        foreach (var key in state.Keys.Where(k => !k.StartsWith(prefix + ".", StringComparison.Ordinal) && k.Length > 0).ToList())
            state.Remove(key);
    }
}
