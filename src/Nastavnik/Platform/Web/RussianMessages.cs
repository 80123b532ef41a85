using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;

namespace Nastavnik.Platform.Web;

/// <summary>
/// Russian texts for model binding and DataAnnotations, so a user never sees "The value '' is invalid."
/// Attributes may still carry their own message; those without one get the Russian default here.
/// </summary>
public static class RussianMessages
{
    public static void Configure(MvcOptions o)
    {
        var m = o.ModelBindingMessageProvider;
        m.SetAttemptedValueIsInvalidAccessor((v, f) => $"Значение «{v}» недопустимо для поля «{f}».");
        m.SetMissingBindRequiredValueAccessor(f => $"Не указано значение поля «{f}».");
        m.SetMissingKeyOrValueAccessor(() => "Значение обязательно.");
        m.SetMissingRequestBodyRequiredValueAccessor(() => "Тело запроса не должно быть пустым.");
        m.SetNonPropertyAttemptedValueIsInvalidAccessor(v => $"Значение «{v}» недопустимо.");
        m.SetNonPropertyUnknownValueIsInvalidAccessor(() => "Значение недопустимо.");
        m.SetNonPropertyValueMustBeANumberAccessor(() => "Значение должно быть числом.");
        m.SetUnknownValueIsInvalidAccessor(f => $"Значение поля «{f}» недопустимо.");
        m.SetValueIsInvalidAccessor(v => $"Значение «{v}» недопустимо.");
        m.SetValueMustBeANumberAccessor(f => $"Поле «{f}» должно быть числом.");
        m.SetValueMustNotBeNullAccessor(v => $"Значение «{v}» не может быть пустым.");
        o.ModelMetadataDetailsProviders.Add(new RussianValidationMetadata());
    }

    /// <summary>Default Russian text for an attribute; {0} is the field's display name.</summary>
    public static string? For(ValidationAttribute a) => a switch
    {
        RequiredAttribute => "Заполните поле «{0}».",
        StringLengthAttribute s when s.MinimumLength > 0 => "Поле «{0}» должно содержать от {2} до {1} символов.",
        StringLengthAttribute => "Поле «{0}» не должно быть длиннее {1} символов.",
        MaxLengthAttribute => "Поле «{0}» не должно быть длиннее {1} символов.",
        MinLengthAttribute => "Поле «{0}» должно содержать не менее {1} символов.",
        RangeAttribute => "Значение поля «{0}» должно быть от {1} до {2}.",
        EmailAddressAttribute => "Поле «{0}» должно содержать адрес электронной почты, например ivanova@school.ru.",
        PhoneAttribute => "Поле «{0}» должно содержать номер телефона.",
        UrlAttribute => "Поле «{0}» должно содержать адрес, начинающийся с http:// или https://.",
        CompareAttribute => "Значения полей «{0}» и «{1}» не совпадают.",
        RegularExpressionAttribute => "Поле «{0}» заполнено в неверном формате.",
        _ => null,
    };

    /// <summary>
    /// True when the attribute carries a message written in our code. EmailAddress, Url and Phone set an English
    /// default in their constructors, so "ErrorMessage is null" alone lets those through; they are compared with
    /// a fresh instance's message instead.
    /// </summary>
    public static bool HasOwnMessage(ValidationAttribute a) =>
        a.ErrorMessageResourceName is not null || (a.ErrorMessage is not null && a.ErrorMessage != FrameworkDefaults.GetOrAdd(a.GetType(), DefaultMessage));

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, string?> FrameworkDefaults = new();

    private static string? DefaultMessage(Type t) =>
        t.GetConstructor(Type.EmptyTypes) is null ? null : (Activator.CreateInstance(t) as ValidationAttribute)?.ErrorMessage;

    private sealed class RussianValidationMetadata : IValidationMetadataProvider
    {
        public void CreateValidationMetadata(ValidationMetadataProviderContext context)
        {
            foreach (var a in context.ValidationMetadata.ValidatorMetadata.OfType<ValidationAttribute>())
            {
                if (!HasOwnMessage(a) && For(a) is { } text)
                    a.ErrorMessage = text;
            }
            // Non-nullable value types are implicitly required; give that a Russian text too.
            if (context.Key.ModelType.IsValueType && Nullable.GetUnderlyingType(context.Key.ModelType) is null
                && !context.ValidationMetadata.ValidatorMetadata.OfType<RequiredAttribute>().Any())
            {
                context.ValidationMetadata.ValidatorMetadata.Add(new RequiredAttribute { ErrorMessage = For(new RequiredAttribute()) });
            }
        }
    }
}
