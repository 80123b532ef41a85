using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Nastavnik.Features.Consents;

/// <summary>
/// The printable consent form: the fields 152-ФЗ art. 9 p. 4 lists, pre-filled where the system knows them,
/// with blank lines where the person writes by hand (passport data are never stored here).
/// </summary>
public static class ConsentDocx
{
    public sealed record Filled(ConsentKind Kind, string? SubjectName, string? BirthDate, string? GuardianName, string? GuardianAuthority,
        string Operator, ConsentTexts.Wording Text, string? SignedOn, int? Version = null, string? OperatorAddress = null);

    public static byte[] Build(Filled f)
    {
        using var ms = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(ms, WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            var body = new Body();
            const string blank = "________________________________________";
            body.Append(Para(Title(f.Kind), bold: true, center: true, size: 28));
            body.Append(Para(""));
            // Art. 9 p. 4: item 1 wants the subject's address (and for a representative, theirs too), item 3 the operator's.
            // Addresses are not stored in the register, so they are written by hand; the operator's comes from the organisation card.
            var subject = f.GuardianName is not null
                ? $"Я, {f.GuardianName}, паспорт: серия ______ № __________, выдан {blank}, зарегистрированный(ая) по адресу: {blank}, являясь законным представителем ({f.GuardianAuthority ?? blank}) несовершеннолетнего {f.SubjectName ?? blank}{(f.BirthDate is null ? "" : ", " + f.BirthDate + " г. р.")}, проживающего(ей) по адресу: {blank},"
                : $"Я, {f.SubjectName ?? blank}{(f.BirthDate is null ? "" : ", " + f.BirthDate + " г. р.")}, паспорт: серия ______ № __________, выдан {blank}, зарегистрированный(ая) по адресу: {blank},";
            body.Append(Para(subject));
            var op = f.OperatorAddress is { } a && f.Operator.Contains(a, StringComparison.Ordinal) ? f.Operator
                : f.Operator + ", адрес: " + (f.OperatorAddress ?? blank + " (адрес оператора)");
            body.Append(Para($"в соответствии со статьёй 9 Федерального закона от 27.07.2006 № 152-ФЗ «О персональных данных» даю согласие оператору — {op} — на обработку персональных данных на следующих условиях."));
            body.Append(Para("Цель обработки: " + f.Text.Purpose));
            body.Append(Para("Перечень персональных данных: " + f.Text.DataList));
            body.Append(Para("Действия с персональными данными: " + f.Text.Actions + " Обработка смешанная: с использованием средств автоматизации и без них."));
            body.Append(Para("Срок действия согласия: " + f.Text.Term));
            body.Append(Para("Порядок отзыва: " + f.Text.WithdrawalProcedure));
            if (f.Version is { } v) body.Append(Para($"Редакция текста согласия: {v}.", size: 20));
            body.Append(Para(""));
            body.Append(Para($"Дата: {f.SignedOn ?? "«____» ____________ 20___ г."}          Подпись: ______________ / ______________________ /"));
            body.Append(new SectionProperties(new PageMargin { Top = 1134, Bottom = 1134, Left = 1701, Right = 850 }));
            main.Document = new Document(body);
        }
        return ms.ToArray();
    }

    public static string Title(ConsentKind kind) => kind switch
    {
        ConsentKind.HealthData => "Согласие на обработку специальной категории персональных данных (сведений о состоянии здоровья)",
        ConsentKind.MentorDuties => "Согласие на выполнение дополнительных обязанностей наставника",
        _ => "Согласие на обработку персональных данных участника программы наставничества",
    };

    private static Paragraph Para(string text, bool bold = false, bool center = false, int size = 24)
    {
        // Schema order inside w:rPr: fonts, bold, size.
        var props = new RunProperties(new RunFonts { Ascii = "Times New Roman", HighAnsi = "Times New Roman", ComplexScript = "Times New Roman" });
        if (bold) props.Append(new Bold());
        props.Append(new FontSize { Val = size.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var p = new Paragraph(new Run(props, new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
        var pp = new ParagraphProperties(new SpacingBetweenLines { After = "120" }, new Justification { Val = center ? JustificationValues.Center : JustificationValues.Both });
        p.PrependChild(pp);
        return p;
    }
}
