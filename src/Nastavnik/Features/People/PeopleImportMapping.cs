using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;
using Nastavnik.Platform.Web;

namespace Nastavnik.Features.People;

/// <summary>What a column of a people file holds. The Display name is what the mapping select shows.</summary>
public enum PersonField
{
    [Display(Name = "— не загружать —")] None,
    [Display(Name = "Фамилия")] LastName,
    [Display(Name = "Имя")] FirstName,
    [Display(Name = "Отчество")] MiddleName,
    [Display(Name = "ФИО полностью (делится на фамилию, имя, отчество)")] FullName,
    [Display(Name = "Дата рождения")] BirthDate,
    [Display(Name = "Организация")] Organization,
    [Display(Name = "Кто (педагог, обучающийся, студент, внешний)")] Kind,
    [Display(Name = "Класс")] ClassName,
    [Display(Name = "Группа")] StudyGroup,
    [Display(Name = "Должность")] Position,
    [Display(Name = "Предметы")] Subjects,
    [Display(Name = "Стаж (общий), лет")] TotalExperience,
    [Display(Name = "Педагогический стаж, лет")] PedagogicalExperience,
    [Display(Name = "Телефон")] Phone,
    [Display(Name = "Электронная почта")] Email,
    [Display(Name = "Роль в банке (наставник / наставляемый)")] BankRole,
    [Display(Name = "Компетенции из каталога")] Competencies,
    [Display(Name = "Ресурс времени наставника, часов в месяц")] HoursPerMonth,
    [Display(Name = "Сколько наставляемых может вести наставник")] Capacity,
    [Display(Name = "Запрос наставляемого")] Request,
    [Display(Name = "Категории наставляемого")] Categories,
    [Display(Name = "Организация-партнёр")] Partner,
    [Display(Name = "Дата согласия на обработку ПДн")] ConsentDate,
    [Display(Name = "Согласие дал (сам / законный представитель)")] ConsentGiver,
    [Display(Name = "ФИО законного представителя")] GuardianName,
    [Display(Name = "Основание полномочий представителя")] GuardianBasis,
    [Display(Name = "Телефон представителя")] GuardianPhone,
}

/// <summary>
/// Which column is which: headers are recognised by their Russian names and common variants; a mapping the
/// user saved for this organisation wins over the guess; the user can still change any column on the page.
/// </summary>
public static class PeopleImportMapping
{
    public const string Kind = "people";

    private static readonly Dictionary<string, PersonField> Synonyms = Build(
        (PersonField.LastName, ["фамилия"]),
        (PersonField.FirstName, ["имя"]),
        (PersonField.MiddleName, ["отчество", "отчество (при наличии)"]),
        (PersonField.FullName, ["фио", "ф.и.о", "ф и о", "фамилия имя отчество", "фамилия, имя, отчество", "фамилия, имя, отчество (при наличии)", "фио участника",
            "фио наставника", "фио наставляемого", "фио педагога", "фио обучающегося", "фио полностью", "участник"]),
        (PersonField.BirthDate, ["дата рождения", "д.р", "др", "дата рожд", "день рождения"]),
        (PersonField.Organization, ["организация", "оо", "образовательная организация", "место работы", "место работы (учебы)", "место учебы", "школа", "наименование оо",
            "организация (оо)"]),
        (PersonField.Kind, ["кто", "категория участника", "тип участника", "кто это", "участник программы"]),
        (PersonField.ClassName, ["класс"]),
        (PersonField.StudyGroup, ["группа", "учебная группа"]),
        (PersonField.Position, ["должность"]),
        (PersonField.Subjects, ["предметы", "предмет", "преподаваемые предметы", "преподаваемый предмет"]),
        (PersonField.TotalExperience, ["стаж", "общий стаж", "стаж работы", "стаж, лет", "общий стаж, лет"]),
        (PersonField.PedagogicalExperience, ["педагогический стаж", "пед. стаж", "пед стаж", "стаж педагогической работы", "педагогический стаж, лет"]),
        (PersonField.Phone, ["телефон", "тел", "контактный телефон", "мобильный телефон"]),
        (PersonField.Email, ["email", "e-mail", "e mail", "эл. почта", "эл.почта", "электронная почта", "адрес электронной почты", "почта"]),
        (PersonField.BankRole, ["роль в банке", "роль", "банк", "роль (наставник/наставляемый)", "наставник/наставляемый"]),
        (PersonField.Competencies, ["компетенции", "сильные стороны", "компетенции (сильные стороны)", "дефициты", "профессиональные дефициты"]),
        (PersonField.HoursPerMonth, ["ресурс времени, ч/мес", "ресурс времени", "ресурс времени, часов в месяц", "ресурс времени (ч/мес)", "часов в месяц", "часы в месяц",
            "ч/мес", "время на наставничество, ч/мес"]),
        (PersonField.Capacity, ["макс. число наставляемых", "максимальное число наставляемых", "макс. наставляемых", "число наставляемых",
            "сколько наставляемых может вести", "количество наставляемых", "емкость"]),
        (PersonField.Request, ["запрос", "запрос наставляемого", "с чем нужна помощь"]),
        (PersonField.Categories, ["категории", "категория", "категория наставляемого", "категории наставляемого", "особые категории"]),
        (PersonField.Partner, ["организация-партнер", "организация партнер", "партнер"]),
        (PersonField.ConsentDate, ["дата согласия", "согласие", "дата подписания согласия", "согласие на обработку пдн", "согласие на обработку персональных данных",
            "дата согласия на обработку пдн", "дата согласия на обработку персональных данных"]),
        (PersonField.ConsentGiver, ["согласие дал", "кто дал согласие", "согласие подписал", "согласие подписано"]),
        (PersonField.GuardianName, ["фио представителя", "фио законного представителя", "законный представитель", "представитель", "родитель (законный представитель)"]),
        (PersonField.GuardianBasis, ["основание полномочий", "основание полномочий представителя", "основание"]),
        (PersonField.GuardianPhone, ["телефон представителя", "телефон законного представителя", "телефон родителя"]));

    private static Dictionary<string, PersonField> Build(params (PersonField Field, string[] Names)[] entries)
    {
        var d = new Dictionary<string, PersonField>(StringComparer.Ordinal);
        foreach (var (field, names) in entries)
            foreach (var n in names) d[Normalize(n)] = field;
        return d;
    }

    /// <summary>Guesses each column's field; <paramref name="saved"/> (normalised header → field) decides first.</summary>
    public static PersonField[] Detect(IReadOnlyList<string> headers, IReadOnlyDictionary<string, PersonField>? saved = null)
    {
        var result = new PersonField[headers.Count];
        var decided = new bool[headers.Count];
        var taken = new HashSet<PersonField>();
        var names = headers.Select(Normalize).ToArray();
        for (var i = 0; i < names.Length; i++)
        {
            if (saved is null || !saved.TryGetValue(names[i], out var f) || (f != PersonField.None && taken.Contains(f))) continue;
            result[i] = f;
            decided[i] = true;
            if (f != PersonField.None) taken.Add(f);
        }
        for (var i = 0; i < names.Length; i++)
        {
            if (decided[i] || !Synonyms.TryGetValue(names[i], out var f) || taken.Contains(f)) continue;
            result[i] = f;
            decided[i] = true;
            taken.Add(f);
        }
        // "Фамилия участника", "Дата рождения (ДД.ММ.ГГГГ)": a known name at the start of a longer header.
        for (var i = 0; i < names.Length; i++)
        {
            // A header that is itself another field's name ("Категория участника" when "Кто" came first) is not stretched to fit.
            if (decided[i] || names[i].Length == 0 || Synonyms.ContainsKey(names[i])) continue;
            var match = Synonyms.Where(s => s.Key.Length >= 5 && !taken.Contains(s.Value) && names[i].StartsWith(s.Key, StringComparison.Ordinal))
                .OrderByDescending(s => s.Key.Length).Select(s => (PersonField?)s.Value).FirstOrDefault();
            if (match is not { } m) continue;
            result[i] = m;
            taken.Add(m);
        }
        return result;
    }

    /// <summary>Problems that stop the analysis: no name columns, or one field chosen for two columns.</summary>
    public static List<string> Problems(IReadOnlyList<string> headers, IReadOnlyList<PersonField> mapping)
    {
        var problems = new List<string>();
        var has = mapping.ToHashSet();
        if (!has.Contains(PersonField.FullName) && !(has.Contains(PersonField.LastName) && has.Contains(PersonField.FirstName)))
            problems.Add("Не найдены столбцы с фамилией и именем (или один столбец «ФИО»). Укажите их в сопоставлении ниже или проверьте, что в первой строке файла — заголовки.");
        if (has.Contains(PersonField.FullName) && (has.Contains(PersonField.LastName) || has.Contains(PersonField.FirstName) || has.Contains(PersonField.MiddleName)))
            problems.Add("Выберите что-то одно: столбец «ФИО полностью» или отдельные столбцы фамилии, имени и отчества.");
        foreach (var g in mapping.Select((f, i) => (f, i)).Where(x => x.f != PersonField.None).GroupBy(x => x.f).Where(g => g.Count() > 1))
            problems.Add($"«{Formats.Name(g.Key)}» выбрано для нескольких столбцов: {string.Join(", ", g.Select(x => "«" + Header(headers, x.i) + "»"))}.");
        return problems;
    }

    private static string Header(IReadOnlyList<string> headers, int i) => i < headers.Count && headers[i].Trim().Length > 0 ? headers[i].Trim() : $"столбец {i + 1}";

    /// <summary>"normalised header → field" lines, as kept in ImportMappings.Columns.</summary>
    public static string Serialize(IReadOnlyList<string> headers, IReadOnlyList<PersonField> mapping)
    {
        var sb = new StringBuilder();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < headers.Count && i < mapping.Count; i++)
        {
            var h = Normalize(headers[i]);
            if (h.Length == 0 || h.Length > 200 || !seen.Add(h)) continue;
            var line = h + "\t" + mapping[i] + "\n";
            if (sb.Length + line.Length > 8000) break;
            sb.Append(line);
        }
        return sb.ToString();
    }

    public static Dictionary<string, PersonField> Deserialize(string? text)
    {
        var d = new Dictionary<string, PersonField>(StringComparer.Ordinal);
        foreach (var line in (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var tab = line.LastIndexOf('\t');
            if (tab > 0 && Enum.TryParse<PersonField>(line[(tab + 1)..], out var f) && Enum.IsDefined(f)) d[line[..tab]] = f;
        }
        return d;
    }

    /// <summary>Lower case, ё as е, spaces collapsed, stray punctuation and a required-field star dropped.</summary>
    public static string Normalize(string? s)
    {
        if (string.IsNullOrWhiteSpace(s)) return "";
        var sb = new StringBuilder(s.Length);
        var space = false;
        foreach (var ch in s)
        {
            if (char.IsWhiteSpace(ch)) { space = sb.Length > 0; continue; }
            if (space) { sb.Append(' '); space = false; }
            sb.Append(ch == 'ё' || ch == 'Ё' ? 'е' : char.ToLower(ch, CultureInfo.InvariantCulture));
        }
        return sb.ToString().Trim(' ', '.', ':', '*', '"', '\'');
    }
}
