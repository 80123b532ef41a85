using Microsoft.AspNetCore.Identity;

namespace Nastavnik.Platform.Auth;

/// <summary>
/// Password policy after OWASP ASVS 6.2: at least 12 characters, up to 128, any characters (spaces and
/// Cyrillic welcome), no composition rules, but not a well-known password and not the e-mail itself.
/// PBKDF2-HMAC-SHA512 with 210,000 iterations (OWASP's figure for SHA-512).
/// </summary>
public sealed class PasswordRules : IPasswordValidator<AppUser>
{
    public const int MinLength = 12;
    public const int MaxLength = 128;
    public const int Pbkdf2Iterations = 210_000;

    // The commonest passwords of at least 12 characters in public breach lists, plus local favourites.
    private static readonly HashSet<string> Common = new(StringComparer.OrdinalIgnoreCase)
    {
        "123456789012", "1234567890123", "12345678901234", "123456789123", "qwertyuiop12", "qwertyuiopas",
        "qwerty123456", "123456qwerty", "password1234", "password12345", "passwordpassword", "111111111111",
        "000000000000", "123123123123", "1q2w3e4r5t6y", "1qaz2wsx3edc", "qazwsxedcrfv", "zaq12wsxcde3",
        "йцукенгшщзхъ", "пароль123456", "парольпароль", "iloveyou1234", "administrator", "administrator1",
        "nastavnik123", "наставник123", "наставничество", "qwertyqwerty", "asdfghjkl123", "abcdefghijkl",
    };

    public Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password)
    {
        password ??= "";
        var errors = new List<IdentityError>();
        if (password.Length > MaxLength)
            errors.Add(new IdentityError { Code = "PasswordTooLong", Description = $"Пароль не должен быть длиннее {MaxLength} символов." });
        if (Common.Contains(password))
            errors.Add(new IdentityError { Code = "PasswordCommon", Description = "Этот пароль слишком распространён. Придумайте другой, например фразу из нескольких слов." });
        if (user.Email is { Length: > 0 } email && password.Contains(email.Split('@')[0], StringComparison.OrdinalIgnoreCase) && email.Split('@')[0].Length >= 4)
            errors.Add(new IdentityError { Code = "PasswordContainsEmail", Description = "Пароль не должен содержать адрес электронной почты." });
        return Task.FromResult(errors.Count == 0 ? IdentityResult.Success : IdentityResult.Failed([.. errors]));
    }
}

/// <summary>Identity's messages, in Russian (they reach the user next to the password field).</summary>
public sealed class RussianIdentityErrors : IdentityErrorDescriber
{
    public override IdentityError DefaultError() => new() { Code = nameof(DefaultError), Description = "Произошла ошибка. Попробуйте ещё раз." };
    public override IdentityError ConcurrencyFailure() => new() { Code = nameof(ConcurrencyFailure), Description = "Запись изменена другим пользователем. Обновите страницу." };
    public override IdentityError PasswordMismatch() => new() { Code = nameof(PasswordMismatch), Description = "Неверный пароль." };
    public override IdentityError InvalidToken() => new() { Code = nameof(InvalidToken), Description = "Недействительный код." };
    public override IdentityError LoginAlreadyAssociated() => new() { Code = nameof(LoginAlreadyAssociated), Description = "Эта учётная запись уже привязана." };
    public override IdentityError InvalidUserName(string? userName) => new() { Code = nameof(InvalidUserName), Description = "Недопустимое имя пользователя: используйте адрес электронной почты." };
    public override IdentityError InvalidEmail(string? email) => new() { Code = nameof(InvalidEmail), Description = "Недопустимый адрес электронной почты." };
    public override IdentityError DuplicateUserName(string userName) => new() { Code = nameof(DuplicateUserName), Description = "Пользователь с таким адресом уже существует." };
    public override IdentityError DuplicateEmail(string email) => new() { Code = nameof(DuplicateEmail), Description = "Пользователь с таким адресом уже существует." };
    public override IdentityError UserAlreadyHasPassword() => new() { Code = nameof(UserAlreadyHasPassword), Description = "Пароль уже задан." };
    public override IdentityError UserLockoutNotEnabled() => new() { Code = nameof(UserLockoutNotEnabled), Description = "Блокировка для этого пользователя не включена." };
    public override IdentityError PasswordTooShort(int length) => new() { Code = nameof(PasswordTooShort), Description = $"Пароль должен содержать не менее {length} символов. Удобно использовать фразу из нескольких слов." };
    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) => new() { Code = nameof(PasswordRequiresUniqueChars), Description = $"Пароль должен содержать не менее {uniqueChars} разных символов." };
    public override IdentityError RecoveryCodeRedemptionFailed() => new() { Code = nameof(RecoveryCodeRedemptionFailed), Description = "Резервный код не подошёл." };
}
