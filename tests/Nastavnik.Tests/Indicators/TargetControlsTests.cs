using System.Text.RegularExpressions;
using Nastavnik.Features.Indicators;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Tests.Indicators;

/// <summary>The targets page offers only what the user may do: a municipal coordinator reads the region's targets but gets no region choice and no «Удалить» for them.</summary>
public sealed partial class TargetControlsTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task Targets_MunicipalCoordinator_NoRegionChoiceNoDeleteOfRegionTarget()
    {
        var region = await app.CreateRegionAsync();
        var mun = await app.CreateMunicipalityAsync(region);
        var (regional, municipal) = await app.WithDbAsync(async db =>
        {
            var r = new IndicatorTarget { IndicatorCode = DefaultIndicators.PupilsInvolved, RegionId = region.Id, DueOn = new DateOnly(2026, 12, 31), Kind = TargetKind.Share, Value = 50 };
            var m = new IndicatorTarget { IndicatorCode = DefaultIndicators.PupilsInvolved, RegionId = region.Id, MunicipalityId = mun.Id, DueOn = new DateOnly(2026, 12, 31), Kind = TargetKind.Share, Value = 60 };
            db.IndicatorTargets.AddRange(r, m);
            await db.SaveChangesAsync();
            return (r.Id, m.Id);
        });

        var coordinator = await app.LoginAsAsync(Role.MunicipalCoordinator, municipality: mun);
        var page = await coordinator.GetHtmlAsync("/indicators/targets");
        Assert.Contains("не менее 50,0", page);                         // the region's target is listed...
        Assert.DoesNotContain("name=\"Input.RegionId\"", page);          // ...but no region can be chosen
        Assert.Contains("name=\"Input.MunicipalityId\"", page);
        Assert.Equal([municipal], DeleteIds(page));                        // and only the municipality's own target has «Удалить»
        var refused = await coordinator.PostFormAsync($"/indicators/targets?id={regional}&handler=Delete", [], "/indicators/targets");
        Assert.Contains("accessdenied", refused.Headers.Location?.OriginalString ?? "", StringComparison.OrdinalIgnoreCase);

        var regionalCoordinator = await app.LoginAsAsync(Role.RegionalCoordinator, region: region);
        var full = await regionalCoordinator.GetHtmlAsync("/indicators/targets");
        Assert.Contains("name=\"Input.RegionId\"", full);
        Assert.Equal(new[] { municipal, regional }.Order(), DeleteIds(full).Order());
    }

    private static List<int> DeleteIds(string html) =>
        [.. DeleteForm().Matches(html).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))];

    [GeneratedRegex("action=\"/indicators/targets\\?id=(\\d+)&amp;handler=Delete\"")]
    private static partial Regex DeleteForm();
}
