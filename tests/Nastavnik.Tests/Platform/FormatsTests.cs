using Nastavnik.Platform.Auth;
using Nastavnik.Platform.Web;

namespace Nastavnik.Tests.Platform;

public sealed class FormatsTests(TestApp app) : IClassFixture<TestApp>
{
    [Theory]
    [InlineData(0, "организаций")]
    [InlineData(1, "организация")]
    [InlineData(2, "организации")]
    [InlineData(4, "организации")]
    [InlineData(5, "организаций")]
    [InlineData(11, "организаций")]
    [InlineData(12, "организаций")]
    [InlineData(14, "организаций")]
    [InlineData(21, "организация")]
    [InlineData(22, "организации")]
    [InlineData(25, "организаций")]
    [InlineData(101, "организация")]
    [InlineData(111, "организаций")]
    [InlineData(112, "организаций")]
    [InlineData(1021, "организация")]
    public void Plural_Count_RussianForm(long n, string expected) => Assert.Equal(expected, Formats.Plural(n, "организация", "организации", "организаций"));

    [Fact]
    public void Years_And_EndSentence_ReadAsRussian()
    {
        Assert.Equal(["1 год", "2 года", "5 лет", "11 лет", "21 год", "22 года", "24 года", "25 лет", "111 лет"], new long[] { 1, 2, 5, 11, 21, 22, 24, 25, 111 }.Select(Formats.Years));
        Assert.Equal("2 501 обучающийся", Formats.Count(2501, "обучающийся", "обучающихся", "обучающихся").Replace('\u00A0', ' ').Replace('\u202F', ' '));
        Assert.Equal("0 дн.", Formats.EndSentence("0 дн."));
        Assert.Equal("ещё не началась.", Formats.EndSentence("ещё не началась"));
    }

    [Fact]
    public async Task HomePage_OneMunicipalityOneOrganisation_SingularNouns()
    {
        var org = await app.CreateOrganizationAsync();
        var curator = await app.LoginAsAsync(Role.Curator, organization: org);
        var home = await curator.GetHtmlAsync("/");
        Assert.Contains("<div>муниципалитет</div>", home);
        Assert.Contains("<div>образовательная организация</div>", home);
        Assert.DoesNotContain("<div>муниципалитетов</div>", home);
    }
}
