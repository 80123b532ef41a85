using System.ComponentModel.DataAnnotations;
using Nastavnik.Matching;

namespace Nastavnik.Features.Matching;

/// <summary>The weights a curator may change between runs (what-if), with the matcher's defaults.</summary>
public sealed class WeightsInput
{
    [Display(Name = "За каждый закрытый дефицит"), Range(0, 100)] public int PerCoveredDeficit { get; set; } = MatchWeights.Default.PerCoveredDeficit;
    [Display(Name = "Общий предмет"), Range(0, 100)] public int SameSubject { get; set; } = MatchWeights.Default.SameSubject;
    [Display(Name = "Откуда наставник")] public OrganizationPreference OrganizationPreference { get; set; } = MatchWeights.Default.OrganizationPreference;
    [Display(Name = "Баллы за организацию"), Range(0, 100)] public int OrganizationMatch { get; set; } = MatchWeights.Default.OrganizationMatch;
    [Display(Name = "За год разницы в стаже"), Range(0, 20)] public int PerExperienceYear { get; set; } = MatchWeights.Default.PerExperienceYear;
    [Display(Name = "Наставляемый выбрал наставника"), Range(0, 100)] public int MenteePrefersMentor { get; set; } = MatchWeights.Default.MenteePrefersMentor;
    [Display(Name = "Наставник выбрал наставляемого"), Range(0, 100)] public int MentorPrefersMentee { get; set; } = MatchWeights.Default.MentorPrefersMentee;
    [Display(Name = "Ресурс времени наставника"), Range(0, 100)] public int TimeResource { get; set; } = MatchWeights.Default.TimeResource;

    public MatchWeights ToWeights() => MatchWeights.Default with
    {
        PerCoveredDeficit = PerCoveredDeficit, SameSubject = SameSubject, OrganizationPreference = OrganizationPreference, OrganizationMatch = OrganizationMatch,
        PerExperienceYear = PerExperienceYear, MenteePrefersMentor = MenteePrefersMentor, MentorPrefersMentee = MentorPrefersMentee, TimeResource = TimeResource,
    };

    public static WeightsInput From(MatchWeights w) => new()
    {
        PerCoveredDeficit = w.PerCoveredDeficit, SameSubject = w.SameSubject, OrganizationPreference = w.OrganizationPreference, OrganizationMatch = w.OrganizationMatch,
        PerExperienceYear = w.PerExperienceYear, MenteePrefersMentor = w.MenteePrefersMentor, MentorPrefersMentee = w.MentorPrefersMentee, TimeResource = w.TimeResource,
    };
}
