namespace Nastavnik.Platform.Auth;

/// <summary>
/// What a role may do. Every page and endpoint names one of these policies (or is explicitly anonymous);
/// nothing is allowed by default. The authorization matrix test reads <see cref="Matrix"/> and
/// docs/authorization-matrix.md together.
/// </summary>
public static class Permissions
{
    public const string SignedIn = "SignedIn";
    public const string OrganizationsRead = "OrganizationsRead";
    public const string OrganizationsWrite = "OrganizationsWrite";
    public const string MunicipalitiesWrite = "MunicipalitiesWrite";
    public const string RegionsWrite = "RegionsWrite";
    public const string UsersManage = "UsersManage";
    public const string AuditRead = "AuditRead";
    public const string ApiTokensManage = "ApiTokensManage";
    public const string PeopleRead = "PeopleRead";
    public const string PeopleWrite = "PeopleWrite";
    /// <summary>Sensitive categories (ОВЗ, сироты, ТЖС, малоимущие) and guardians' contacts.</summary>
    public const string PeopleSensitiveRead = "PeopleSensitiveRead";
    public const string PeopleExport = "PeopleExport";
    public const string CompetenciesManage = "CompetenciesManage";
    public const string AccessLogRead = "AccessLogRead";
    public const string MatchingRun = "MatchingRun";
    public const string EventsRead = "EventsRead";
    public const string EventsWrite = "EventsWrite";
    public const string RoadmapsRead = "RoadmapsRead";
    public const string RoadmapsWrite = "RoadmapsWrite";
    public const string RoadmapsApprove = "RoadmapsApprove";
    public const string MentorshipsRead = "MentorshipsRead";
    public const string MentorshipsWrite = "MentorshipsWrite";
    public const string MentorshipsApprove = "MentorshipsApprove";
    /// <summary>A mentee looks for a mentor and asks for one.</summary>
    public const string MentorshipsRequest = "MentorshipsRequest";
    /// <summary>Mentors and mentees see their own pairs and ask for a mentor's replacement.</summary>
    public const string MentorshipsOwn = "MentorshipsOwn";
    public const string MentoringFormsManage = "MentoringFormsManage";
    public const string IndicatorsRead = "IndicatorsRead";
    public const string IndicatorsWrite = "IndicatorsWrite";
    public const string IndicatorsCatalogue = "IndicatorsCatalogue";
    public const string ProgrammesRead = "ProgrammesRead";
    public const string ProgrammesWrite = "ProgrammesWrite";
    public const string PracticesRead = "PracticesRead";
    public const string PracticesPropose = "PracticesPropose";
    public const string PracticesPublish = "PracticesPublish";
    public const string MonitoringRead = "MonitoringRead";
    public const string QuestionnairesWrite = "QuestionnairesWrite";
    public const string MonitoringManage = "MonitoringManage";
    public const string MonitoringFill = "MonitoringFill";
    public const string ProgrammeTemplatesRead = "ProgrammeTemplatesRead";
    public const string ProgrammeTemplatesWrite = "ProgrammeTemplatesWrite";
    /// <summary>Индивидуальные образовательные маршруты (ИОМ) of teachers.</summary>
    public const string IndividualRoutesRead = "IndividualRoutesRead";
    public const string IndividualRoutesWrite = "IndividualRoutesWrite";

    public static readonly IReadOnlyDictionary<string, Role[]> Matrix = new Dictionary<string, Role[]>
    {
        [SignedIn] = Enum.GetValues<Role>(),
        [OrganizationsRead] = [Role.Administrator, Role.RegionalCoordinator, Role.MunicipalCoordinator, Role.Head, Role.Curator, Role.Tutor, Role.Psychologist],
        // A head keeps the card of their own school (counts of pupils and teachers) up to date.
        [OrganizationsWrite] = [Role.Administrator, Role.RegionalCoordinator, Role.MunicipalCoordinator, Role.Head],
        [MunicipalitiesWrite] = [Role.Administrator, Role.RegionalCoordinator],
        [RegionsWrite] = [Role.Administrator],
        [UsersManage] = [Role.Administrator],
        [AuditRead] = [Role.Administrator],
        [ApiTokensManage] = [Role.Administrator],
        // Registers: tutors and psychologists read them to support people; mentors and mentees do not browse registers.
        [PeopleRead] = [Role.Administrator, Role.RegionalCoordinator, Role.MunicipalCoordinator, Role.Head, Role.Curator, Role.Tutor, Role.Psychologist],
        [PeopleWrite] = [Role.Administrator, Role.MunicipalCoordinator, Role.Head, Role.Curator],
        [PeopleSensitiveRead] = [Role.Administrator, Role.RegionalCoordinator, Role.MunicipalCoordinator, Role.Head, Role.Curator],
        [PeopleExport] = [Role.Administrator, Role.RegionalCoordinator, Role.MunicipalCoordinator, Role.Head, Role.Curator],
        [CompetenciesManage] = [Role.Administrator, Role.RegionalCoordinator],
        // Answers "who accessed whose data between dates" for a breach notice.
        [AccessLogRead] = [Role.Administrator, Role.RegionalCoordinator, Role.MunicipalCoordinator],
        // Everyone taking part sees the calendar; organisers (curators, heads, coordinators) plan events, keep
        // attendance, results, the consultation log and awards.
        [EventsRead] = Enum.GetValues<Role>(),
        [EventsWrite] = [Role.Administrator, Role.RegionalCoordinator, Role.MunicipalCoordinator, Role.Head, Role.Curator, Role.Tutor],
        // Seeds 002/004: the curator forms pairs in a school; coordinators match across a municipal bank.
        [MatchingRun] = [Role.Administrator, Role.RegionalCoordinator, Role.MunicipalCoordinator, Role.Curator],
        // Mentors read the plan they take part in; mentees (often pupils) do not need the management plan.
        [RoadmapsRead] = [Role.Administrator, Role.RegionalCoordinator, Role.MunicipalCoordinator, Role.Head, Role.Curator, Role.Mentor, Role.Tutor, Role.Psychologist],
        // Coordinators write municipal roadmaps, heads and curators their organisation's (RoadmapAccess decides which roadmap).
        [RoadmapsWrite] = [Role.Administrator, Role.RegionalCoordinator, Role.MunicipalCoordinator, Role.Head, Role.Curator],
        [RoadmapsApprove] = [Role.Administrator, Role.RegionalCoordinator, Role.MunicipalCoordinator],
        // Pairs and groups: whoever reads the registers reads the pairs (tutors and psychologists support them).
        [MentorshipsRead] = [Role.Administrator, Role.RegionalCoordinator, Role.MunicipalCoordinator, Role.Head, Role.Curator, Role.Tutor, Role.Psychologist],
        // The curator forms pairs (seed 002); the head and the municipal coordinator may do it for a school too.
        [MentorshipsWrite] = [Role.Administrator, Role.MunicipalCoordinator, Role.Head, Role.Curator],
        // Pairs are approved by the head's order (seed 002: «издаёт приказ о закреплении наставнических пар/групп»).
        [MentorshipsApprove] = [Role.Administrator, Role.Head],
        [MentorshipsRequest] = [Role.Mentee],
        [MentorshipsOwn] = [Role.Mentor, Role.Mentee],
        // Forms and kinds are a regional reference (the regional model lists them).
        [MentoringFormsManage] = [Role.Administrator, Role.RegionalCoordinator],
        // Indicators are read by whoever manages or supports the programme (seed 003: coordinators control the
        // results, heads answer for their school's); mentors and mentees are measured, they do not read the dashboard.
        [IndicatorsRead] = [Role.Administrator, Role.RegionalCoordinator, Role.MunicipalCoordinator, Role.Head, Role.Curator, Role.Tutor, Role.Psychologist],
        // Coordinators set targets and the catalogue; heads and curators enter their school's enrolment and manual
        // values (seed 003, 4.6: «обеспечить внесение … данных о количестве участников»). IndicatorAccess splits the two.
        [IndicatorsWrite] = [Role.Administrator, Role.RegionalCoordinator, Role.MunicipalCoordinator, Role.Head, Role.Curator],
        // The catalogue is the region's (its regional model lists the indicators), as with forms of mentoring.
        [IndicatorsCatalogue] = [Role.Administrator, Role.RegionalCoordinator],
        // Personalised programmes (seed 002): staff read those of their scope; mentors and mentees only the programmes
        // they take part in (ProgrammeAccess matches the account's e-mail to a participant, as Notifier does).
        [ProgrammesRead] = [Role.Administrator, Role.RegionalCoordinator, Role.MunicipalCoordinator, Role.Head, Role.Curator, Role.Tutor, Role.Psychologist, Role.Mentor, Role.Mentee],
        // The curator and the head write programmes of their organisation; the mentor writes their own programme, and
        // mentor and mentee both mark the plan, record meetings and file reports (seed 001) in their own programme.
        [ProgrammesWrite] = [Role.Administrator, Role.Head, Role.Curator, Role.Mentor, Role.Mentee],
        // The practice library (банк лучших практик) holds no personal data and is there to be shared: everyone reads
        // the published practices of their region.
        [PracticesRead] = Enum.GetValues<Role>(),
        // The school's curator (or head) proposes a completed programme (seed 002: the curator «пополняет методическую копилку»).
        [PracticesPropose] = [Role.Administrator, Role.Head, Role.Curator],
        // Coordinators keep the bank (seed 003 4.8: the municipality «обеспечивает формирование баз … лучших практик»;
        // seed 004: «сбор информации на сайте МУ МК»); a head does not publish their own school's practice.
        [PracticesPublish] = [Role.Administrator, Role.RegionalCoordinator, Role.MunicipalCoordinator],
        // Monitoring results and questionnaires are read by whoever reads the programmes as staff (seed 002: the curator and
        // the head run it in a school, coordinators collect it, tutors and psychologists support); those measured do not.
        [MonitoringRead] = [Role.Administrator, Role.RegionalCoordinator, Role.MunicipalCoordinator, Role.Head, Role.Curator, Role.Tutor, Role.Psychologist],
        // The regional coordinator writes region-wide questionnaires; the curator and head their organisation's own.
        [QuestionnairesWrite] = [Role.Administrator, Role.RegionalCoordinator, Role.Head, Role.Curator],
        // The school's schedule, reminder cadence and set of questionnaires, and opening a stage early.
        [MonitoringManage] = [Role.Administrator, Role.Head, Role.Curator],
        // Respondents: mentors and mentees fill their own questionnaires and cards, the curator (or the head in their
        // place) the curator's ones.
        [MonitoringFill] = [Role.Head, Role.Curator, Role.Mentor, Role.Mentee],
        // The bank of programme templates is read by whoever writes or supports programmes; mentees (often pupils) get
        // their programme, not the bank. Each level writes its own templates (ProgrammeTemplateAccess): the administrator
        // the built-in ones, coordinators the region's or municipality's, heads and curators their school's.
        [ProgrammeTemplatesRead] = [Role.Administrator, Role.RegionalCoordinator, Role.MunicipalCoordinator, Role.Head, Role.Curator, Role.Mentor, Role.Tutor, Role.Psychologist],
        [ProgrammeTemplatesWrite] = [Role.Administrator, Role.RegionalCoordinator, Role.MunicipalCoordinator, Role.Head, Role.Curator],
        // ИОМ (seed 000): the ЦНППМ tutor and the school's curator and head draw up and follow a teacher's route;
        // coordinators read them for the municipality; the teacher reads (and marks) their own route, and their mentor
        // reads it next to the programme (IndividualRouteAccess narrows mentors and mentees to those).
        [IndividualRoutesRead] = [Role.Administrator, Role.RegionalCoordinator, Role.MunicipalCoordinator, Role.Head, Role.Curator, Role.Mentor, Role.Mentee, Role.Tutor],
        [IndividualRoutesWrite] = [Role.Administrator, Role.Head, Role.Curator, Role.Tutor],
    };

    public static bool Allows(string permission, Role role) => Matrix.TryGetValue(permission, out var roles) && roles.Contains(role);
}
