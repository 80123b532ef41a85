using System.ComponentModel.DataAnnotations;
using System.Reflection;

namespace Nastavnik.Platform.Web;

/// <summary>
/// DataAnnotations validation for API inputs with the same Russian messages the pages use
/// (<see cref="RussianMessages.For"/>): the framework's own texts are English.
/// </summary>
public static class RussianValidator
{
    public static Dictionary<string, string[]> Validate(object input)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var p in input.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var value = p.GetValue(input);
            var display = p.GetCustomAttribute<DisplayAttribute>()?.Name ?? p.Name;
            var messages = new List<string>();
            foreach (var a in p.GetCustomAttributes<ValidationAttribute>())
            {
                var result = a.GetValidationResult(value, new ValidationContext(input) { MemberName = p.Name, DisplayName = display });
                if (result == ValidationResult.Success) continue;
                if (!RussianMessages.HasOwnMessage(a) && RussianMessages.For(a) is { } template)
                    messages.Add(string.Format(WebHost.Russian, template, display, Arg(a, 1), Arg(a, 2)));
                else
                    messages.Add(result?.ErrorMessage ?? "Недопустимое значение.");
            }
            if (messages.Count > 0) errors[JsonName(p.Name)] = [.. messages];
        }
        return errors;
    }

    private static object? Arg(ValidationAttribute a, int n) => (a, n) switch
    {
        (StringLengthAttribute s, 1) => s.MaximumLength,
        (StringLengthAttribute s, 2) => s.MinimumLength,
        (MaxLengthAttribute m, 1) => m.Length,
        (MinLengthAttribute m, 1) => m.Length,
        (RangeAttribute r, 1) => r.Minimum,
        (RangeAttribute r, 2) => r.Maximum,
        (CompareAttribute c, 1) => c.OtherPropertyDisplayName ?? c.OtherProperty,
        _ => null,
    };

    private static string JsonName(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
