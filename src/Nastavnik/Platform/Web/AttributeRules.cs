using System.ComponentModel.DataAnnotations;
using System.Linq.Expressions;
using System.Reflection;

namespace Nastavnik.Platform.Web;

/// <summary>
/// The DataAnnotations of an input class (StringLength, Range, EmailAddress, Required…) checked with the same
/// Russian texts as <see cref="RussianValidator"/>, but compiled once: a bulk import checks a million rows,
/// and reflection per property per row would cost seconds. Messages name the field by its [Display] name.
/// </summary>
public sealed class AttributeRules<T> where T : class
{
    private sealed record Rule(string Property, string Display, Func<T, object?> Get, ValidationAttribute[] Attributes, bool HasRequired);

    private readonly Rule[] _rules;

    public static readonly AttributeRules<T> Instance = new();

    private AttributeRules()
    {
        var rules = new List<Rule>();
        foreach (var p in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var attributes = p.GetCustomAttributes<ValidationAttribute>().ToArray();
            if (attributes.Length == 0 || p.GetMethod is null) continue;
            var arg = Expression.Parameter(typeof(T));
            var get = Expression.Lambda<Func<T, object?>>(Expression.Convert(Expression.Property(arg, p), typeof(object)), arg).Compile();
            rules.Add(new Rule(p.Name, p.GetCustomAttribute<DisplayAttribute>()?.Name ?? p.Name, get, attributes, attributes.OfType<RequiredAttribute>().Any()));
        }
        _rules = [.. rules];
    }

    /// <summary>Adds (property, message) for every broken rule; properties in <paramref name="skip"/> are left to the caller.</summary>
    public void Check(T input, List<(string Property, string Message)> errors, params string[] skip)
    {
        foreach (var rule in _rules)
        {
            var value = rule.Get(input);
            // Attributes other than Required pass a null value by design; skip the calls.
            if (value is null && !rule.HasRequired) continue;
            if (skip.Length > 0 && Array.IndexOf(skip, rule.Property) >= 0) continue;
            foreach (var a in rule.Attributes)
            {
                if (a.IsValid(value)) continue;
                errors.Add((rule.Property, Message(a, rule.Display)));
            }
        }
    }

    private static string Message(ValidationAttribute a, string display)
    {
        if (!RussianMessages.HasOwnMessage(a) && RussianMessages.For(a) is { } template)
            return string.Format(WebHost.Russian, template, display, Arg(a, 1), Arg(a, 2));
        return a.FormatErrorMessage(display);
    }

    private static object? Arg(ValidationAttribute a, int n) => (a, n) switch
    {
        (StringLengthAttribute s, 1) => s.MaximumLength,
        (StringLengthAttribute s, 2) => s.MinimumLength,
        (MaxLengthAttribute m, 1) => m.Length,
        (MinLengthAttribute m, 1) => m.Length,
        (RangeAttribute r, 1) => r.Minimum,
        (RangeAttribute r, 2) => r.Maximum,
        _ => null,
    };
}
