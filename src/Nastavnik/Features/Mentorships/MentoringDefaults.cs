namespace Nastavnik.Features.Mentorships;

/// <summary>The forms and kinds of the target model (glossary, seeds 001 and 002) that every region starts with. Kept as code so the migration and tests agree.</summary>
public static class MentoringDefaults
{
    public sealed record Form(string Code, string Name, string MentorKinds, string MenteeKinds, bool ForbidsManager);
    public sealed record Kind(string Code, string Name, int Min, int? Max, bool PeersOnly);

    // Names contain no apostrophes: the migration writes them into SQL literals.
    public static readonly Form[] Forms =
    [
        new("teacher-teacher", "учитель – учитель", "Teacher", "Teacher", true),
        new("head-teacher", "руководитель ОО – учитель", "Teacher", "Teacher", false),
        new("lecturer-young-teacher", "педагог вуза/колледжа – молодой педагог", "External,Teacher", "Teacher", true),
        new("employer-student", "работодатель – студент", "External", "Student", false),
        new("employer-pupil", "работодатель – ученик", "External", "Pupil", false),
        new("student-pupil", "студент – ученик", "Student", "Pupil", false),
        new("pupil-pupil", "ученик – ученик", "Pupil", "Pupil", false),
        new("teacher-pupil", "учитель – ученик", "Teacher", "Pupil", false),
        new("learner-learner", "обучающийся – обучающийся", "Pupil,Student", "Pupil,Student", false),
    ];

    public static readonly Kind[] Kinds =
    [
        new("traditional", "традиционное (один на один)", 1, 1, false),
        new("group", "групповое", 2, null, false),
        new("virtual", "виртуальное (дистанционное)", 1, null, false),
        new("short-term", "краткосрочное (целеполагающее)", 1, null, false),
        new("reverse", "реверсивное", 1, 1, false),
        new("situational", "ситуационное", 1, null, false),
        new("speed", "скоростное", 1, null, false),
        new("partnership", "партнёрство", 2, null, true),
    ];
}
