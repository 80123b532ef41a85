using System.Diagnostics;
using System.Globalization;
using Nastavnik.Features.Consents;

namespace Nastavnik.Bench;

/// <summary>
/// A deterministic region for the dashboard benchmark: municipalities of skewed sizes (a city and rural districts),
/// schools, kindergartens, additional-education centres and colleges with a method centre and a partner enterprise
/// in each municipality; pupils, teachers, students and external specialists with consents (a guardian's for
/// minors), mentor and mentee profiles; mentorships of every form the defaults know (teacher–pupil groups, pupil
/// pairs, partnerships, teacher–teacher and head–teacher pairs, employer–student groups) in all statuses over the
/// 2025/26 and 2026/27 school years; programmes with plans; enrolment, targets (region, municipality, per-school
/// counts as in seed 003), manual values, events with a «Педагогический дуэт» contest, roadmaps. Same seed and size,
/// same rows (ids included), on SQLite and on PostgreSQL. Dates are fixed around <see cref="Anchor"/>.
/// </summary>
public sealed class DatasetGenerator(int people, ulong seed = 20261123)
{
    /// <summary>"Today" of the dataset; the benchmark asks the dashboards for this date.</summary>
    public static readonly DateOnly Anchor = new(2026, 11, 23);
    public static readonly DateOnly PeriodStart = new(2026, 1, 1);
    public const int RegionId = 1;

    public int People { get; } = people;

    public enum OrgKind { School, Preschool, AdditionalEducation, College, MethodCenter, Partner }

    public sealed class Mun
    {
        public int Id { get; set; }
        public required string Name { get; set; }
        public required string Root { get; set; }
        public bool IsCity { get; set; }
        public double Involvement { get; set; }
        public List<Org> Orgs { get; set; } = [];
        public int PartnerId { get; set; }
    }

    public sealed class Org
    {
        public int Id { get; set; }
        public int MunicipalityId { get; set; }
        public OrgKind Kind { get; set; }
        public required string Name { get; set; }
        public required string ShortName { get; set; }
        public required string Address { get; set; }
        public int Teachers { get; set; }
        public int Pupils { get; set; }
        public int Students { get; set; }
        public int Externals { get; set; }
        public int FirstPerson { get; set; }
        public int FirstTeacher => FirstPerson;
        public int FirstPupil => FirstPerson + Teachers;
        public int FirstStudent => FirstPupil + Pupils;
        public int FirstExternal => FirstStudent + Students;
        public int Size => Teachers + Pupils + Students + Externals;
        public List<Pair> Mentorships { get; set; } = [];
        public bool IsMeasured => Kind is not (OrgKind.MethodCenter or OrgKind.Partner);
    }

    /// <summary>A mentorship as planned: form and kind ids are the defaults the migrations insert.</summary>
    public sealed class Pair
    {
        public int Id { get; set; }
        public int FormId { get; set; }
        public int KindId { get; set; }
        public required string Status { get; set; }
        public DateOnly Start { get; set; }
        public DateOnly End { get; set; }
        public DateOnly? ClosedOn { get; set; }
        public required int[] Mentors { get; set; }
        public required int[] Mentees { get; set; }
        public required int[] Peers { get; set; }
    }

    // Default forms and kinds (ids as inserted by the Mentorships migration, checked by the bench against the database).
    public static readonly Dictionary<string, int> FormIds = new()
    {
        ["teacher-teacher"] = 1, ["head-teacher"] = 2, ["lecturer-young-teacher"] = 3, ["employer-student"] = 4, ["employer-pupil"] = 5,
        ["student-pupil"] = 6, ["pupil-pupil"] = 7, ["teacher-pupil"] = 8, ["learner-learner"] = 9,
    };
    public static readonly Dictionary<string, int> KindIds = new()
    {
        ["traditional"] = 1, ["group"] = 2, ["virtual"] = 3, ["short-term"] = 4, ["reverse"] = 5, ["situational"] = 6, ["speed"] = 7, ["partnership"] = 8,
    };

    /// <summary>Every table the generator writes.</summary>
    public static readonly string[] Tables =
    [
        "Regions", "Municipalities", "Organizations", "People", "ConsentTexts", "Consents", "MentorProfiles", "MenteeProfiles", "PersonCategories", "Mentorships", "MentorshipParticipants",
        "MentoringPrograms", "ProgramActivities", "OrganizationEnrolments", "IndicatorTargets", "IndicatorValues", "Events", "EventParticipants", "Roadmaps", "RoadmapStages", "RoadmapItems",
    ];

    public List<Mun> Municipalities { get; } = [];
    public List<Org> Organizations { get; } = [];
    public Dictionary<string, long> Counts { get; } = [];

    // Per person: what the plan made of them (profiles, withdrawal). Index = person id.
    private byte[] _flags = [];
    private int _lastMentorshipId;
    private const byte MentorFlag = 1, MenteeFlag = 2, WithdrawnFlag = 4, InLivingFlag = 8, FinishedFlag = 16, WaitingFlag = 32, CategoryFlag = 64;

    /// <summary>The municipality whose size is nearest the median: the one the municipal coordinator of the benchmark runs.</summary>
    public Mun Typical => Municipalities.OrderBy(m => Math.Abs(m.Orgs.Sum(o => o.Size) - Median)).ThenBy(m => m.Id).First();
    private double Median => Municipalities.Select(m => (double)m.Orgs.Sum(o => o.Size)).Order().ElementAt(Municipalities.Count / 2);

    // ------------------------------------------------------------------ plan

    public void Plan()
    {
        var rng = new Rng(seed);
        var orgCount = Math.Max(4, People / 500);
        var munCount = Math.Clamp(orgCount / 40, 2, 50);
        for (var i = 0; i < munCount; i++)
        {
            var root = i < Roots.Length ? Roots[i] : Roots[i % Roots.Length] + "-" + (i / Roots.Length + 1).ToString(CultureInfo.InvariantCulture);
            Municipalities.Add(new Mun
            {
                Id = i + 1, Root = root, IsCity = i == 0,
                Name = i == 0 ? $"Городской округ «Город {root}»" : $"{root} муниципальный район",
                Involvement = 0.42 + 0.33 * rng.NextDouble(),
            });
        }
        // Sizes are skewed: the city holds about a fifth of the region; districts vary threefold.
        var weights = Municipalities.Select(m => m.IsCity ? 8.0 : 0.6 + 1.6 * rng.NextDouble()).ToArray();
        var educational = orgCount - 2 * munCount;
        var perMun = Apportion(weights, Math.Max(educational, 2 * munCount), 2);
        var orgId = 0;
        foreach (var (m, n) in Municipalities.Zip(perMun))
        {
            var numbers = new Dictionary<OrgKind, int>();
            Org Add(OrgKind kind)
            {
                var no = numbers[kind] = numbers.GetValueOrDefault(kind) + 1;
                var (name, shortName) = OrgName(kind, no, m);
                var o = new Org
                {
                    Id = ++orgId, MunicipalityId = m.Id, Kind = kind, Name = name, ShortName = shortName,
                    Address = $"{(m.IsCity ? "г." : "с.")} {m.Root}, ул. {rng.Pick(Streets)}, {rng.Next(1, 120)}",
                };
                m.Orgs.Add(o);
                Organizations.Add(o);
                return o;
            }
            Add(OrgKind.MethodCenter);
            m.PartnerId = Add(OrgKind.Partner).Id;
            for (var k = 0; k < n; k++)
            {
                var roll = rng.NextDouble();
                Add(k == 0 ? OrgKind.School : k == 1 && m.IsCity ? OrgKind.College
                    : roll < 0.70 ? OrgKind.School : roll < 0.88 ? OrgKind.Preschool : roll < 0.95 ? OrgKind.AdditionalEducation : OrgKind.College);
            }
        }

        // Raw sizes per kind, then scaled so that the region has exactly the asked number of people.
        foreach (var o in Organizations)
        {
            double size = rng.LogNormal(0, 0.45);
            switch (o.Kind)
            {
                case OrgKind.School: o.Pupils = (int)(520 * size) + 40; o.Teachers = Math.Max(8, o.Pupils / 13); o.Externals = rng.Chance(0.5) ? 2 + rng.Next(0, 5) : 0; break;
                case OrgKind.Preschool: o.Teachers = (int)(22 * size) + 6; break;
                case OrgKind.AdditionalEducation: o.Pupils = (int)(380 * size) + 60; o.Teachers = Math.Max(6, o.Pupils / 20); o.Externals = rng.Next(0, 3); break;
                case OrgKind.College: o.Students = (int)(1400 * size) + 200; o.Teachers = Math.Max(20, o.Students / 14); o.Externals = 6 + rng.Next(0, 12); break;
                case OrgKind.MethodCenter: o.Teachers = 4 + rng.Next(0, 6); break;
                case OrgKind.Partner: break;
            }
        }
        var raw = Organizations.Sum(o => (long)o.Size);
        var factor = (double)People / raw;
        foreach (var o in Organizations)
        {
            o.Pupils = (int)(o.Pupils * factor);
            o.Students = (int)(o.Students * factor);
            o.Teachers = Math.Max(o.Kind == OrgKind.Partner ? 0 : 2, (int)Math.Round(o.Teachers * factor));
            o.Externals = (int)Math.Round(o.Externals * Math.Min(1, factor * 2));
        }
        // The rounding remainder goes to (or comes from) the pupils of the largest schools.
        var diff = People - Organizations.Sum(o => o.Size);
        var big = Organizations.Where(o => o.Pupils > 0 || o.Students > 0).OrderByDescending(o => o.Pupils + o.Students).ThenBy(o => o.Id).ToList();
        for (var i = 0; diff != 0; i = (i + 1) % big.Count)
        {
            var step = Math.Sign(diff) * Math.Min(Math.Abs(diff), Math.Max(1, Math.Abs(diff) / big.Count));
            if (big[i].Pupils > 0) big[i].Pupils += step; else big[i].Students += step;
            diff -= step;
        }
        var next = 1;
        foreach (var o in Organizations)
        {
            o.FirstPerson = next;
            next += o.Size;
        }
        _flags = new byte[People + 1];
        foreach (var m in Municipalities)
            foreach (var o in m.Orgs)
                PlanMentorships(m, o, new Rng(seed ^ (0x9E3779B97F4A7C15UL * (ulong)o.Id)));

        // Withdrawn consents (0.3 %), mentee pool waiting for a pair, mentor candidates without a pair.
        var all = new Rng(seed ^ 0x5bd1e995UL);
        for (var id = 1; id <= People; id++)
        {
            if (all.Chance(0.003)) _flags[id] |= WithdrawnFlag;
            if ((_flags[id] & (MentorFlag | MenteeFlag)) == 0 && all.Chance(0.02)) _flags[id] |= MenteeFlag | WaitingFlag;
            if ((_flags[id] & MenteeFlag) != 0 && all.Chance(0.15)) _flags[id] |= CategoryFlag;
        }
        foreach (var o in Organizations)
            for (var t = 2; t < o.Teachers; t++)
                if (all.Chance(0.08)) _flags[o.FirstTeacher + t] |= MentorFlag;
    }

    private void PlanMentorships(Mun m, Org o, Rng rng)
    {
        if (!o.IsMeasured && o.Kind != OrgKind.MethodCenter) return;
        // One school in twenty does not implement the model yet (seed 004's «доля школ, реализующих модель»).
        var r = rng.Chance(0.05) ? 0 : Math.Clamp(m.Involvement + 0.12 * rng.Normal(), 0.05, 0.95);
        var teacherUse = new int[o.Teachers];
        int? FreeTeacher(int limit)
        {
            for (var tries = 0; tries < 6 && o.Teachers > 2; tries++)
            {
                var t = 2 + rng.Next(0, o.Teachers - 2);
                if (teacherUse[t] < limit) { teacherUse[t]++; return o.FirstTeacher + t; }
            }
            return null;
        }
        void Add(string form, string kind, int[] mentors, int[] mentees, int[] peers)
        {
            var (status, start, end, closed) = Lifecycle(rng);
            var p = new Pair { Id = ++_lastMentorshipId, FormId = FormIds[form], KindId = KindIds[kind], Status = status, Start = start, End = end, ClosedOn = closed, Mentors = mentors, Mentees = mentees, Peers = peers };
            o.Mentorships.Add(p);
            var living = status is "Approved" or "Active";
            foreach (var x in mentors) _flags[x] |= MentorFlag;
            foreach (var x in mentees.Concat(peers)) _flags[x] |= (byte)(MenteeFlag | (living ? InLivingFlag : status == "Completed" ? FinishedFlag : 0));
        }

        // Pupils: groups with a teacher, pairs with an older pupil, partnerships of peers, employers' groups.
        if (o.Pupils > 0 && r > 0)
        {
            var order = rng.Permutation(o.Pupils);
            var involved = (int)Math.Round(r * o.Pupils);
            var free = involved; // pupils beyond this index are not mentees and may mentor younger ones
            var i = 0;
            while (i < involved)
            {
                var roll = rng.NextDouble();
                if (roll < 0.62 && FreeTeacher(2) is { } teacher)
                {
                    var size = Math.Min(involved - i, rng.Next(5, 21));
                    Add("teacher-pupil", size == 1 ? "traditional" : "group", [teacher], Take(order, o.FirstPupil, ref i, size), []);
                }
                else if (roll < 0.84 && free < o.Pupils)
                {
                    var mentor = o.FirstPupil + order[free++];
                    Add("pupil-pupil", "traditional", [mentor], Take(order, o.FirstPupil, ref i, 1), []);
                }
                else if (roll < 0.92 && involved - i >= 2)
                {
                    Add("learner-learner", "partnership", [], [], Take(order, o.FirstPupil, ref i, Math.Min(involved - i, rng.Next(2, 5))));
                }
                else if (o.Externals > 0)
                {
                    var size = Math.Min(involved - i, rng.Next(1, 9));
                    Add("employer-pupil", size == 1 ? "short-term" : "group", [o.FirstExternal + rng.Next(0, o.Externals)], Take(order, o.FirstPupil, ref i, size), []);
                }
                else if (FreeTeacher(3) is { } t2)
                {
                    var size = Math.Min(involved - i, rng.Next(3, 12));
                    Add("teacher-pupil", size == 1 ? "traditional" : "group", [t2], Take(order, o.FirstPupil, ref i, size), []);
                }
                else i++; // nobody left to mentor this pupil
            }
        }

        // Students of a college: employers' groups and peer partnerships.
        if (o.Students > 0 && r > 0)
        {
            var order = rng.Permutation(o.Students);
            var involved = (int)Math.Round(0.6 * r * o.Students);
            var i = 0;
            while (i < involved)
            {
                if (o.Externals > 0 && rng.Chance(0.7))
                {
                    var size = Math.Min(involved - i, rng.Next(4, 16));
                    Add("employer-student", size == 1 ? "traditional" : "group", [o.FirstExternal + rng.Next(0, o.Externals)], Take(order, o.FirstStudent, ref i, size), []);
                }
                else if (involved - i >= 2)
                    Add("learner-learner", "partnership", [], [], Take(order, o.FirstStudent, ref i, 2));
                else i++;
            }
        }

        // Teachers: young specialists with a colleague (seed 001's учитель–учитель), a few with the head.
        if (o.Teachers > 4 && (r > 0 || o.Kind == OrgKind.MethodCenter))
        {
            var mentees = (int)Math.Round((o.Kind == OrgKind.College ? 0.08 : 0.12) * o.Teachers * (0.6 + rng.NextDouble()));
            var order = rng.Permutation(o.Teachers - 2);
            for (var k = 0; k < mentees && k < order.Length; k++)
            {
                var mentee = o.FirstTeacher + 2 + order[k];
                var mentor = o.FirstTeacher + 2 + order[order.Length - 1 - (k % Math.Max(1, order.Length / 2))];
                if (mentor == mentee) continue;
                if (k == 0 && rng.Chance(0.3)) Add("head-teacher", "traditional", [o.FirstTeacher], [mentee], []);
                else if (o.Kind == OrgKind.College) Add("lecturer-young-teacher", "traditional", [mentor], [mentee], []);
                else Add("teacher-teacher", rng.Chance(0.85) ? "traditional" : rng.Pick(TeacherKinds), [mentor], [mentee], []);
            }
        }
    }

    private static readonly string[] TeacherKinds = ["virtual", "situational", "short-term", "reverse"];

    private static int[] Take(int[] order, int first, ref int i, int n)
    {
        var result = new int[n];
        for (var k = 0; k < n; k++) result[k] = first + order[i++];
        return result;
    }

    /// <summary>Status and dates: most pairs live in the current school year; some closed; a tenth are last year's (not counted in 2026).</summary>
    private static (string Status, DateOnly Start, DateOnly End, DateOnly? Closed) Lifecycle(Rng rng)
    {
        var roll = rng.NextDouble();
        if (roll < 0.10)
        {
            var s = new DateOnly(2024, 9, 1).AddDays(rng.Next(0, 180));
            var e = s.AddMonths(rng.Next(3, 9));
            if (e > new DateOnly(2025, 6, 30)) e = new DateOnly(2025, 6, 30);
            return ("Completed", s, e, e);
        }
        if (roll < 0.27)
        {
            var s = new DateOnly(2025, 9, 1).AddDays(rng.Next(0, 250));
            var e = s.AddMonths(rng.Next(3, 7));
            if (e >= Anchor) e = Anchor.AddDays(-rng.Next(1, 20));
            return ("Completed", s, e, e);
        }
        if (roll < 0.33)
        {
            var s = new DateOnly(2025, 9, 1).AddDays(rng.Next(0, 400));
            var closed = s.AddDays(rng.Next(10, 60));
            if (closed >= Anchor) closed = Anchor.AddDays(-1);
            return ("Terminated", s, s.AddMonths(9), closed);
        }
        if (roll < 0.40) return ("Approved", Anchor.AddDays(rng.Next(-20, 30)), Anchor.AddMonths(rng.Next(4, 10)), null);
        if (roll < 0.43) return ("Proposed", Anchor.AddDays(rng.Next(0, 30)), Anchor.AddMonths(rng.Next(4, 10)), null);
        if (roll < 0.47) return ("Draft", Anchor.AddDays(rng.Next(0, 40)), Anchor.AddMonths(rng.Next(4, 10)), null);
        var start = new DateOnly(2025, 9, 1).AddDays(rng.Next(0, 430));
        var end = start.AddMonths(rng.Next(3, 13));
        if (end < Anchor) end = Anchor.AddDays(rng.Next(7, 200));
        return ("Active", start, end, null);
    }

    // ------------------------------------------------------------------ write

    public async Task WriteAsync(BulkSink sink, Action<string> log)
    {
        async Task Timed(string table, Func<Task<long>> write)
        {
            var sw = Stopwatch.StartNew();
            var n = await write();
            Counts[table] = n;
            log(string.Create(CultureInfo.InvariantCulture, $"  {table,-24} {n,10:N0} rows  {sw.Elapsed.TotalSeconds,6:F1} s"));
        }

        await Timed("Regions", async () =>
        {
            await using var w = await sink.OpenAsync("Regions", "Id", "Name", "EducationAuthority", "IsArchived", "Version");
            w.Row().Number(RegionId).Text("Северо-Западная область (бенчмарк)").Text("Министерство образования Северо-Западной области").Bool(false).Uuid(G(1, 1));
            return w.Rows;
        });
        await Timed("Municipalities", async () =>
        {
            await using var w = await sink.OpenAsync("Municipalities", "Id", "RegionId", "Name", "EducationAuthority", "IsArchived", "Version");
            foreach (var m in Municipalities)
                w.Row().Number(m.Id).Number(RegionId).Text(m.Name).Text(m.IsCity ? $"Управление образования города {m.Root}" : $"Отдел образования администрации {m.Root} района").Bool(false).Uuid(G(2, m.Id));
            return w.Rows;
        });
        await Timed("Organizations", async () =>
        {
            await using var w = await sink.OpenAsync("Organizations", "Id", "MunicipalityId", "RegionId", "Name", "ShortName", "Kind", "Address", "PupilCount", "TeacherCount", "IsArchived", "Version");
            foreach (var o in Organizations)
                w.Row().Number(o.Id).Number(o.MunicipalityId).Number(RegionId).Text(o.Name).Text(o.ShortName).Text(o.Kind.ToString()).Text(o.Address)
                    .Number(o.IsMeasured ? EnrolledPupils(o) : null).Number(o.IsMeasured ? EnrolledTeachers(o) : null).Bool(false).Uuid(G(3, o.Id));
            return w.Rows;
        });
        await Timed("People", () => WritePeopleAsync(sink));
        await Timed("ConsentTexts", () => WriteConsentTextsAsync(sink));
        await Timed("Consents", () => WriteConsentsAsync(sink));
        await Timed("MentorProfiles", async () =>
        {
            await using var w = await sink.OpenAsync("MentorProfiles", "PersonId", "Interests", "HoursPerMonth", "Capacity", "Training", "Status", "EnteredOn");
            foreach (var o in Organizations)
                for (var id = o.FirstPerson; id < o.FirstPerson + o.Size; id++)
                    if ((_flags[id] & MentorFlag) != 0)
                    {
                        var r = new Rng(seed ^ (ulong)id * 31);
                        w.Row().Number(id).Text(r.Pick(Interests)).Number(r.Next(2, 12)).Number(r.Next(1, 4)).Text(r.Chance(0.4) ? "КПК «Наставничество в образовательной организации», 36 ч." : null)
                            .Text(r.Chance(0.9) ? "Confirmed" : "Candidate").Date(new DateOnly(2025, 9, 1).AddDays(r.Next(0, 60)));
                    }
            return w.Rows;
        });
        await Timed("MenteeProfiles", async () =>
        {
            await using var w = await sink.OpenAsync("MenteeProfiles", "PersonId", "Request", "Status", "EnteredOn");
            for (var id = 1; id <= People; id++)
            {
                var f = _flags[id];
                if ((f & MenteeFlag) == 0) continue;
                var status = (f & InLivingFlag) != 0 ? "InMentorship" : (f & FinishedFlag) != 0 ? "Finished" : "Waiting";
                w.Row().Number(id).Text(Requests[id % Requests.Length]).Text(status).Date(new DateOnly(2025, 9, 1).AddDays(id % 90));
            }
            return w.Rows;
        });
        await Timed("PersonCategories", async () =>
        {
            await using var w = await sink.OpenAsync("PersonCategories", "PersonId", "Category");
            foreach (var o in Organizations)
                for (var id = o.FirstPerson; id < o.FirstPerson + o.Size; id++)
                    if ((_flags[id] & CategoryFlag) != 0)
                        w.Row().Number(id).Text(id < o.FirstPupil ? "YoungSpecialist" : PupilCategories[id % PupilCategories.Length]);
            return w.Rows;
        });
        await Timed("Mentorships", async () =>
        {
            await using var w = await sink.OpenAsync("Mentorships", "Id", "OrganizationId", "MunicipalityId", "RegionId", "FormId", "KindId", "Status", "StartDate", "EndDate",
                "ClosedOn", "CloseReason", "IsMenteeRequest", "CreatedAt", "CreatedBy", "Version");
            foreach (var o in Organizations)
                foreach (var p in o.Mentorships)
                    w.Row().Number(p.Id).Number(o.Id).Number(o.MunicipalityId).Number(RegionId).Number(p.FormId).Number(p.KindId).Text(p.Status).Date(p.Start).Date(p.End)
                        .Date(p.ClosedOn).Text(p.Status == "Terminated" ? "По инициативе наставляемого (перевод в другую ОО)" : p.Status == "Completed" ? "Программа выполнена в полном объёме" : null)
                        .Bool(p.Id % 17 == 0).Instant(p.Start.AddDays(-14).ToDateTime(new TimeOnly(7, 30), DateTimeKind.Utc)).Text("curator@bench.nastavnik.local").Uuid(G(4, p.Id));
            return w.Rows;
        });
        await Timed("MentorshipParticipants", async () =>
        {
            await using var w = await sink.OpenAsync("MentorshipParticipants", "MentorshipId", "PersonId", "Role");
            foreach (var o in Organizations)
                foreach (var p in o.Mentorships)
                {
                    foreach (var x in p.Mentors) w.Row().Number(p.Id).Number(x).Text("Mentor");
                    foreach (var x in p.Mentees) w.Row().Number(p.Id).Number(x).Text("Mentee");
                    foreach (var x in p.Peers) w.Row().Number(p.Id).Number(x).Text("Peer");
                }
            return w.Rows;
        });
        await Timed("MentoringPrograms", async () =>
        {
            await using var w = await sink.OpenAsync("MentoringPrograms", "Id", "MentorshipId", "OrganizationId", "MunicipalityId", "RegionId", "Goal", "Tasks", "Directions",
                "StartDate", "EndDate", "CreatedAt", "CreatedBy", "Version");
            foreach (var o in Organizations)
                foreach (var p in o.Mentorships.Where(HasProgramme))
                    w.Row().Number(p.Id).Number(p.Id).Number(o.Id).Number(o.MunicipalityId).Number(RegionId).Text(Goals[p.FormId % Goals.Length]).Text("Составить план, провести встречи, подвести итоги.")
                        .Text(Directions[p.Id % Directions.Length]).Date(p.Start).Date(p.End).Instant(p.Start.AddDays(-7).ToDateTime(new TimeOnly(8, 0), DateTimeKind.Utc))
                        .Text("curator@bench.nastavnik.local").Uuid(G(5, p.Id));
            return w.Rows;
        });
        await Timed("ProgramActivities", async () =>
        {
            await using var w = await sink.OpenAsync("ProgramActivities", "Id", "ProgramId", "Title", "DueOn", "ExpectedResult", "Status", "DoneOn", "DoneByRole");
            var aid = 0;
            foreach (var o in Organizations)
                foreach (var p in o.Mentorships.Where(HasProgramme))
                    for (var k = 0; k < 3; k++)
                    {
                        var due = p.Start.AddDays((p.End.DayNumber - p.Start.DayNumber) * (k + 1) / 4);
                        var done = due < Anchor && (p.Id + k) % 7 != 0;
                        w.Row().Number(++aid).Number(p.Id).Text(Activities[k]).Date(due).Text("Результат зафиксирован в отчёте").Text(done ? "Done" : "Planned")
                            .Date(done ? due : null).Text(done ? "наставник" : null);
                    }
            return w.Rows;
        });
        await Timed("OrganizationEnrolments", async () =>
        {
            await using var w = await sink.OpenAsync("OrganizationEnrolments", "Id", "OrganizationId", "MunicipalityId", "RegionId", "AsOf", "Pupils", "Teachers", "EnteredAt", "EnteredBy");
            foreach (var o in Organizations.Where(o => o.IsMeasured))
                w.Row().Number(o.Id).Number(o.Id).Number(o.MunicipalityId).Number(RegionId).Date(new DateOnly(2026, 9, 1)).Number(EnrolledPupils(o)).Number(EnrolledTeachers(o))
                    .Instant(new DateTime(2026, 9, 5, 9, 0, 0, DateTimeKind.Utc)).Text("curator@bench.nastavnik.local");
            return w.Rows;
        });
        await Timed("IndicatorTargets", () => WriteTargetsAsync(sink));
        await Timed("IndicatorValues", async () =>
        {
            await using var w = await sink.OpenAsync("IndicatorValues", "Id", "IndicatorCode", "RegionId", "MunicipalityId", "OrganizationId", "AsOf", "Value", "Numerator", "Denominator", "Source", "EnteredAt");
            var vid = 0;
            foreach (var o in Organizations.Where(o => o.Kind == OrgKind.School && o.Id % 3 == 0))
            {
                var young = Math.Max(1, o.Teachers / 8);
                var iku = Math.Min(young, young * (50 + o.Id % 50) / 100);
                w.Row().Number(++vid).Text("young-teachers-iku").Number(RegionId).Number(o.MunicipalityId).Number(o.Id).Date(new DateOnly(2026, 10, 1)).Real(100.0 * iku / young).Number(iku).Number(young)
                    .Text("Мониторинг профессиональных компетенций").Instant(new DateTime(2026, 10, 2, 9, 0, 0, DateTimeKind.Utc));
            }
            foreach (var m in Municipalities.Where(m => m.Id % 5 != 0))
                w.Row().Number(++vid).Text("practice-bank").Number(RegionId).Number(m.Id).Null().Date(new DateOnly(2026, 6, 1)).Real(1).Null().Null()
                    .Text("Сайт методической службы").Instant(new DateTime(2026, 6, 2, 9, 0, 0, DateTimeKind.Utc));
            return w.Rows;
        });
        await Timed("Events", () => WriteEventsAsync(sink));
        await Timed("EventParticipants", () => WriteEventParticipantsAsync(sink));
        await Timed("Roadmaps, stages, items", () => WriteRoadmapsAsync(sink));
    }

    private static bool HasProgramme(Pair p) => p.Status is "Approved" or "Active" or "Completed";

    private static int EnrolledPupils(Org o) => o.Pupils + o.Pupils * (o.Id % 5) / 100;
    private static int EnrolledTeachers(Org o) => o.Teachers + o.Teachers * (o.Id % 4) / 100;

    private async Task<long> WritePeopleAsync(BulkSink sink)
    {
        await using var w = await sink.OpenAsync("People", "Id", "OrganizationId", "MunicipalityId", "RegionId", "LastName", "FirstName", "MiddleName", "BirthDate", "Email", "Phone",
            "Kind", "ClassName", "StudyGroup", "PartnerOrganizationId", "AgreementNumber", "AgreementDate", "AgreementEnd", "Position", "TotalExperienceYears",
            "PedagogicalExperienceYears", "Qualification", "HasPedagogicalEducation", "GuardianName", "GuardianPhone", "GuardianBasis", "EnteredOn", "IsWithdrawn", "WithdrawnAt", "Version");
        foreach (var m in Municipalities)
            foreach (var o in m.Orgs)
                for (var id = o.FirstPerson; id < o.FirstPerson + o.Size; id++)
                {
                    var p = Person(o, id);
                    w.Row().Number(id).Number(o.Id).Number(o.MunicipalityId).Number(RegionId).Text(p.Last).Text(p.First).Text(p.Middle).Date(p.Birth);
                    if (p.Kind == "Teacher")
                    {
                        var r = new Rng(seed ^ (ulong)id * 7919);
                        var experience = r.Next(0, 40);
                        w.Text($"t{id.ToString(CultureInfo.InvariantCulture)}@org{o.Id.ToString(CultureInfo.InvariantCulture)}.bench.nastavnik.local").Text(Phone(r))
                            .Text("Teacher").Null().Null().Null().Null().Null().Null()
                            .Text(Position(o, id)).Number(experience + r.Next(0, 5)).Number(experience).Text(Qualifications[r.Next(0, Qualifications.Length)]).Bool(r.Chance(0.93))
                            .Null().Null().Null();
                    }
                    else if (p.Kind == "External")
                    {
                        w.Null().Text(Phone(new Rng(seed ^ (ulong)id))).Text("External").Null().Null().Number(m.PartnerId).Text($"Д-{(id % 900 + 100).ToString(CultureInfo.InvariantCulture)}")
                            .Date(new DateOnly(2025, 8, 20)).Date(new DateOnly(2027, 8, 31)).Text("инженер-технолог").Null().Null().Null().Null().Null().Null().Null();
                    }
                    else
                    {
                        var minor = p.Birth.AddYears(18) > Anchor;
                        w.Null().Null().Text(p.Kind).Text(p.Kind == "Pupil" ? Class(p.Birth) : null).Text(p.Kind == "Student" ? $"ПД-{(p.Birth.Year % 100).ToString(CultureInfo.InvariantCulture)}-{(id % 4 + 1).ToString(CultureInfo.InvariantCulture)}" : null)
                            .Null().Null().Null().Null().Null().Null().Null().Null().Null()
                            .Text(minor ? p.Guardian : null).Text(minor ? Phone(new Rng(seed ^ (ulong)id)) : null).Text(minor ? "мать, свидетельство о рождении" : null);
                    }
                    var withdrawn = (_flags[id] & WithdrawnFlag) != 0;
                    w.Date(p.Entered).Bool(withdrawn).Instant(withdrawn ? Anchor.AddDays(-(id % 25) - 1).ToDateTime(new TimeOnly(10, 0), DateTimeKind.Utc) : null).Uuid(G(6, id));
                }
        return w.Rows;
    }

    /// <summary>The default wordings, stored once (ConsentTexts 1 and 2); every consent points at the one it was signed with.</summary>
    private static async Task<long> WriteConsentTextsAsync(BulkSink sink)
    {
        await using var w = await sink.OpenAsync("ConsentTexts", "Id", "Kind", "Version", "Purpose", "DataList", "Actions", "Term", "WithdrawalProcedure");
        foreach (var (id, kind) in new[] { (PersonalDataText, ConsentKind.PersonalData), (MentorDutiesText, ConsentKind.MentorDuties) })
        {
            var t = ConsentTexts.For(kind);
            w.Row().Number(id).Text(kind.ToString()).Number(1).Text(t.Purpose).Text(t.DataList).Text(t.Actions).Text(t.Term).Text(t.WithdrawalProcedure);
        }
        return w.Rows;
    }

    private const int PersonalDataText = 1, MentorDutiesText = 2;

    private async Task<long> WriteConsentsAsync(BulkSink sink)
    {
        await using var w = await sink.OpenAsync("Consents", "Id", "PersonId", "Kind", "GivenBy", "GuardianName", "GuardianAuthority", "Operator", "TextId",
            "SignedOn", "RecordedAt", "RecordedBy", "WithdrawnAt", "WithdrawalReason");
        var cid = 0;
        foreach (var o in Organizations)
        {
            var op = o.Name + ", " + o.Address;
            for (var id = o.FirstPerson; id < o.FirstPerson + o.Size; id++)
            {
                var p = Person(o, id);
                var minor = p.Birth.AddYears(18) > p.Entered;
                var withdrawn = (_flags[id] & WithdrawnFlag) != 0;
                w.Row().Number(++cid).Number(id).Text("PersonalData").Text(minor ? "Guardian" : "Subject").Text(minor ? p.Guardian : null).Text(minor ? "мать, свидетельство о рождении" : null)
                    .Text(op).Number(PersonalDataText)
                    .Date(p.Entered).Instant(p.Entered.ToDateTime(new TimeOnly(9, 0), DateTimeKind.Utc)).Text("curator@bench.nastavnik.local")
                    .Instant(withdrawn ? Anchor.AddDays(-(id % 25) - 1).ToDateTime(new TimeOnly(10, 0), DateTimeKind.Utc) : null).Text(withdrawn ? "Письменное заявление об отзыве согласия" : null);
                if ((_flags[id] & MentorFlag) != 0 && p.Kind is "Teacher" or "External")
                    w.Row().Number(++cid).Number(id).Text("MentorDuties").Text("Subject").Null().Null().Text(op).Number(MentorDutiesText).Date(p.Entered).Instant(p.Entered.ToDateTime(new TimeOnly(9, 5), DateTimeKind.Utc)).Text("curator@bench.nastavnik.local").Null().Null();
            }
        }
        return w.Rows;
    }

    private async Task<long> WriteTargetsAsync(BulkSink sink)
    {
        await using var w = await sink.OpenAsync("IndicatorTargets", "Id", "IndicatorCode", "RegionId", "MunicipalityId", "OrganizationId", "DueOn", "Kind", "Value", "EnteredAt", "EnteredBy");
        var tid = 0;
        var at = new DateTime(2026, 1, 20, 9, 0, 0, DateTimeKind.Utc);
        void T(string code, int? mun, int? org, DateOnly due, string kind, double value) =>
            w.Row().Number(++tid).Text(code).Number(RegionId).Number(mun).Number(org).Date(due).Text(kind).Real(value).Instant(at).Text("region@bench.nastavnik.local");
        // Seed 003: ≥ 50 % of pupils by 31.12.2023, ≥ 70 % by 31.12.2024 — carried on as the region's plan.
        T("pupils-involved", null, null, new DateOnly(2025, 12, 31), "Share", 50);
        T("pupils-involved", null, null, new DateOnly(2026, 12, 31), "Share", 70);
        T("teachers-involved", null, null, new DateOnly(2026, 12, 31), "Share", 25);
        T("schools-implementing", null, null, new DateOnly(2026, 12, 31), "Share", 100);
        T("duet-pairs", null, null, new DateOnly(2026, 12, 31), "Share", 5);
        foreach (var m in Municipalities)
        {
            T("pupils-involved", m.Id, null, new DateOnly(2026, 12, 31), "Share", 60 + m.Id % 4 * 5);
            T("teachers-involved", m.Id, null, new DateOnly(2026, 12, 31), "Share", 20 + m.Id % 3 * 5);
            // Seed 003 lists a planned number of pupils for every school.
            foreach (var o in m.Orgs.Where(o => o.Kind == OrgKind.School))
                T("pupils-involved", m.Id, o.Id, new DateOnly(2026, 12, 31), "Count", Math.Round(EnrolledPupils(o) * (0.5 + o.Id % 5 * 0.05)));
        }
        return w.Rows;
    }

    private async Task<long> WriteEventsAsync(BulkSink sink)
    {
        await using var w = await sink.OpenAsync("Events", "Id", "RegionId", "MunicipalityId", "OrganizationId", "Kind", "Title", "StartsOn", "Place", "Responsible", "Audience", "Hours", "Version");
        foreach (var m in Municipalities)
            for (var k = 0; k < EventsPerMunicipality; k++)
            {
                var (kind, title) = k == 0 ? ("Contest", $"Муниципальный конкурс «Педагогический дуэт — 2026»") : EventTitles[k % EventTitles.Length];
                var id = (m.Id - 1) * EventsPerMunicipality + k + 1;
                w.Row().Number(id).Number(RegionId).Number(m.Id).Null().Text(kind).Text(title).Date(new DateOnly(2026, 2, 10).AddDays(k * 23 + m.Id % 10)).Text(m.Orgs[0].Name)
                    .Text("Методист методического центра").Text("Педагоги-наставники, молодые педагоги").Number(kind == "Course" ? 36 : null).Uuid(G(7, id));
            }
        return w.Rows;
    }

    private const int EventsPerMunicipality = 6;

    private static readonly (string Kind, string Title)[] EventTitles =
    [
        ("Contest", ""), ("Seminar", "Семинар «Наставничество как ресурс профессионального роста»"), ("Webinar", "Вебинар «Персонализированная программа наставничества»"),
        ("Course", "КПК «Наставничество в образовательной организации»"), ("RoundTable", "Круглый стол «Итоги реализации целевой модели наставничества»"),
        ("MasterClass", "Мастер-класс «Педагогический дебют»"),
    ];

    private async Task<long> WriteEventParticipantsAsync(BulkSink sink)
    {
        await using var w = await sink.OpenAsync("EventParticipants", "Id", "EventId", "PersonId", "Team", "Attended", "Place");
        var pid = 0;
        foreach (var m in Municipalities)
        {
            // The duet contest: mentor and mentee of one pair in eight of the teacher–teacher pairs, as a team.
            var contest = (m.Id - 1) * EventsPerMunicipality + 1;
            var team = 0;
            var entered = new HashSet<int>();
            foreach (var p in m.Orgs.SelectMany(o => o.Mentorships).Where(p => p.FormId == FormIds["teacher-teacher"] && p.Id % 8 == 0))
            {
                // One entry per person and contest: a mentor of two pairs enters with the first.
                if (!entered.Add(p.Mentors[0]) || !entered.Add(p.Mentees[0])) continue;
                team++;
                var name = "Пара " + team.ToString(CultureInfo.InvariantCulture);
                w.Row().Number(++pid).Number(contest).Number(p.Mentors[0]).Text(name).Bool(true).Number(team <= 3 ? team : null);
                w.Row().Number(++pid).Number(contest).Number(p.Mentees[0]).Text(name).Bool(true).Number(team <= 3 ? team : null);
            }
            // Other events: a few teachers of the municipality's schools each.
            for (var k = 1; k < EventsPerMunicipality; k++)
                foreach (var o in m.Orgs.Where(o => o.IsMeasured && o.Teachers > 2).Take(12))
                    w.Row().Number(++pid).Number(contest + k).Number(o.FirstTeacher + 2 + k % (o.Teachers - 2)).Null().Bool(k % 3 != 0).Null();
        }
        return w.Rows;
    }

    private async Task<long> WriteRoadmapsAsync(BulkSink sink)
    {
        var roadmaps = new List<(int Id, Mun M, Org? O)>();
        foreach (var m in Municipalities)
        {
            roadmaps.Add((roadmaps.Count + 1, m, null));
            foreach (var o in m.Orgs.Where(o => o.Kind == OrgKind.School && o.Id % 4 == 0)) roadmaps.Add((roadmaps.Count + 1, m, o));
        }
        await using (var w = await sink.OpenAsync("Roadmaps", "Id", "RegionId", "MunicipalityId", "OrganizationId", "Title", "PeriodText", "PeriodStart", "PeriodEnd", "Status", "CreatedAt",
            "ApprovedAt", "ApprovedBy", "ApprovalDate", "Version"))
            foreach (var (id, m, o) in roadmaps)
                w.Row().Number(id).Number(RegionId).Number(m.Id).Number(o?.Id).Text($"Дорожная карта реализации целевой модели наставничества ({(o?.ShortName ?? m.Name)}) на 2026 год").Text("2026 год")
                    .Date(new DateOnly(2026, 1, 1)).Date(new DateOnly(2026, 12, 31)).Text("Approved").Instant(new DateTime(2025, 12, 1, 9, 0, 0, DateTimeKind.Utc))
                    .Instant(new DateTime(2025, 12, 20, 9, 0, 0, DateTimeKind.Utc)).Text("coordinator@bench.nastavnik.local").Date(new DateOnly(2025, 12, 20)).Uuid(G(8, id));
        long stages, items;
        await using (var w = await sink.OpenAsync("RoadmapStages", "Id", "RoadmapId", "Number", "Title", "Order"))
        {
            foreach (var (id, _, o) in roadmaps)
                for (var s = 0; s < (o is null ? 3 : 1); s++)
                    w.Row().Number(id * 4 + s).Number(id).Text((s + 1).ToString(CultureInfo.InvariantCulture)).Text(Stages[s]).Number(s + 1);
            stages = w.Rows;
        }
        await using (var w = await sink.OpenAsync("RoadmapItems", "Id", "RoadmapId", "StageId", "Order", "Number", "Name", "DueText", "DueKind", "DueStart", "DueEnd", "DueNeedsReview",
            "Responsible", "Status", "DoneAt", "Version"))
        {
            var iid = 0;
            foreach (var (id, _, o) in roadmaps)
            {
                var n = o is null ? 18 : 8;
                for (var k = 0; k < n; k++)
                {
                    var due = new DateOnly(2026, 1, 31).AddMonths(k * 11 / n);
                    var stage = o is null ? k * 3 / n : 0;
                    var status = due >= Anchor ? (k % 2 == 0 ? "Planned" : "InProgress") : (id + k) % 9 == 0 ? "InProgress" : (id + k) % 23 == 0 ? "Cancelled" : "Done";
                    w.Row().Number(++iid).Number(id).Number(id * 4 + stage).Number(k + 1).Text($"{stage + 1}.{k + 1}").Text(ItemNames[k % ItemNames.Length])
                        .Text("до " + due.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture)).Text("Deadline").Null().Date(due).Bool(false).Text("Куратор")
                        .Text(status).Date(status == "Done" ? due.AddDays(-3) : null).Uuid(G(9, iid));
                }
            }
            items = w.Rows;
        }
        return roadmaps.Count + stages + items;
    }

    // ------------------------------------------------------------------ people

    private readonly record struct PersonData(string Kind, string Last, string First, string? Middle, DateOnly Birth, DateOnly Entered, string? Guardian);

    private PersonData Person(Org o, int id)
    {
        var r = new Rng(seed ^ (ulong)id * 0xD1B54A32D192ED03UL);
        var kind = id < o.FirstPupil ? "Teacher" : id < o.FirstStudent ? "Pupil" : id < o.FirstExternal ? "Student" : "External";
        var female = kind == "Teacher" ? r.Chance(0.82) : r.Chance(0.5);
        var last = r.Pick(Surnames) + (female ? "а" : "");
        var first = female ? r.Pick(FemaleNames) : r.Pick(MaleNames);
        var father = r.Pick(Fathers);
        var birth = kind switch
        {
            "Pupil" => new DateOnly(2009, 9, 1).AddDays(r.Next(0, 11 * 365)),
            "Student" => new DateOnly(2005, 9, 1).AddDays(r.Next(0, 5 * 365)),
            _ => new DateOnly(1962, 1, 1).AddDays(r.Next(0, 40 * 365)),
        };
        var entered = new DateOnly(2025, 9, 1).AddDays(r.Next(0, 60));
        var guardian = kind is "Pupil" or "Student" ? r.Pick(Surnames) + "а " + r.Pick(FemaleNames) + " " + r.Pick(Fathers).Female : null;
        return new PersonData(kind, last, first, female ? father.Female : father.Male, birth, entered, guardian);
    }

    private static string Position(Org o, int id) => (id - o.FirstTeacher) switch
    {
        0 => o.Kind == OrgKind.Preschool ? "заведующий" : "директор",
        1 => "заместитель директора по учебно-воспитательной работе",
        var k => o.Kind switch
        {
            OrgKind.Preschool => "воспитатель",
            OrgKind.College => "преподаватель",
            OrgKind.AdditionalEducation => "педагог дополнительного образования",
            OrgKind.MethodCenter => "методист",
            _ => Positions[k % Positions.Length],
        },
    };

    private static string Class(DateOnly birth)
    {
        var grade = Math.Clamp(Anchor.Year - birth.Year - (birth.Month >= 9 ? 7 : 6), 1, 11);
        return grade.ToString(CultureInfo.InvariantCulture) + "АБВГ"[birth.Day % 4];
    }

    private static string Phone(Rng r) => string.Create(CultureInfo.InvariantCulture, $"+7 9{r.Next(10, 99)} {r.Next(100, 999)}-{r.Next(10, 99)}-{r.Next(10, 99)}");

    /// <summary>A GUID that depends only on the table and the row (the same on every run and provider).</summary>
    private Guid G(int table, long id)
    {
        var r = new Rng(seed ^ ((ulong)table << 56) ^ (ulong)id);
        Span<byte> b = stackalloc byte[16];
        BitConverter.TryWriteBytes(b, r.NextULong());
        BitConverter.TryWriteBytes(b[8..], r.NextULong());
        b[7] = (byte)(b[7] & 0x0F | 0x40);
        b[8] = (byte)(b[8] & 0x3F | 0x80);
        return new Guid(b);
    }

    private static (string, string) OrgName(OrgKind kind, int no, Mun m)
    {
        var n = no.ToString(CultureInfo.InvariantCulture);
        return kind switch
        {
            OrgKind.School => ($"Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № {n}» ({m.Root})", $"МБОУ СОШ № {n} ({m.Root})"),
            OrgKind.Preschool => ($"Муниципальное бюджетное дошкольное образовательное учреждение «Детский сад № {n}» ({m.Root})", $"МБДОУ д/с № {n} ({m.Root})"),
            OrgKind.AdditionalEducation => ($"Муниципальное бюджетное учреждение дополнительного образования «Дом детского творчества № {n}» ({m.Root})", $"МБУ ДО ДДТ № {n} ({m.Root})"),
            OrgKind.College => ($"Государственное бюджетное профессиональное образовательное учреждение «{m.Root} колледж № {n}»", $"ГБПОУ {m.Root} колледж № {n}"),
            OrgKind.MethodCenter => ($"Муниципальное бюджетное учреждение «Методический центр» ({m.Root})", $"МБУ МЦ ({m.Root})"),
            _ => ($"Общество с ограниченной ответственностью «{m.Root} агропромышленный комбинат»", $"ООО «{m.Root} АПК»"),
        };
    }

    /// <summary>Splits a total in proportion to weights, each part at least <paramref name="min"/>.</summary>
    private static int[] Apportion(double[] weights, int total, int min)
    {
        var sum = weights.Sum();
        var parts = weights.Select(w => Math.Max(min, (int)(total * w / sum))).ToArray();
        for (var i = 0; parts.Sum() < total; i = (i + 1) % parts.Length) parts[i]++;
        return parts;
    }

    // ------------------------------------------------------------------ words

    private static readonly string[] Roots =
    [
        "Новоградск", "Берёзовский", "Заречный", "Озёрский", "Сосновский", "Луговской", "Приречный", "Каменский", "Светлогорский", "Ключевской", "Полянский",
        "Краснохолмский", "Белоярский", "Верхнедонской", "Нижнеозёрный", "Лесной", "Степной", "Ольховский", "Рябиновский", "Калиновский", "Дубравный",
        "Ивановский", "Покровский", "Троицкий", "Успенский", "Никольский", "Родниковский", "Сокольский", "Орловский", "Журавлёвский", "Лебяжий", "Гремячинский",
        "Соловьёвский", "Медвежий", "Чистопрудный", "Ясеневский", "Кедровый", "Липовский", "Тополиный", "Васильковый", "Ромашкинский", "Малиновский",
        "Черёмуховый", "Вишнёвый", "Сиреневый", "Снежинский", "Горный", "Тихорецкий", "Быстрореченский", "Звёздный",
    ];

    private static readonly string[] Streets = ["Ленина", "Советская", "Школьная", "Мира", "Молодёжная", "Садовая", "Центральная", "Набережная", "Пушкина", "Гагарина"];

    private static readonly string[] Surnames =
    [
        "Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов", "Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев",
        "Семёнов", "Егоров", "Павлов", "Козлов", "Степанов", "Николаев", "Орлов", "Андреев", "Макаров", "Никитин", "Захаров", "Зайцев", "Соловьёв", "Борисов",
        "Яковлев", "Григорьев", "Романов", "Воробьёв", "Сергеев", "Кузьмин", "Фролов", "Александров", "Дмитриев", "Королёв", "Гусев", "Киселёв", "Ильин",
        "Максимов", "Поляков", "Сорокин", "Виноградов", "Ковалёв", "Белов", "Медведев", "Антонов", "Тарасов", "Жуков", "Баранов", "Филиппов", "Комаров",
        "Давыдов", "Беляев", "Герасимов", "Богданов", "Осипов", "Сидоров", "Матвеев", "Титов", "Марков", "Миронов", "Крылов", "Куликов", "Карпов", "Власов",
        "Мельников", "Денисов", "Гаврилов", "Тихонов", "Казаков", "Афанасьев", "Данилов", "Савельев", "Тимофеев", "Фомин", "Чернов", "Абрамов", "Мартынов",
        "Ефимов", "Федотов", "Щербаков", "Назаров", "Калинин", "Исаев", "Чернышёв", "Быков", "Маслов", "Родионов", "Коновалов", "Лазарев", "Воронин", "Климов",
        "Филатов", "Пономарёв", "Голубев", "Кудрявцев", "Прохоров",
    ];

    private static readonly string[] MaleNames =
    [
        "Александр", "Алексей", "Андрей", "Артём", "Владимир", "Дмитрий", "Евгений", "Иван", "Илья", "Кирилл", "Максим", "Михаил", "Никита", "Николай", "Павел",
        "Роман", "Сергей", "Степан", "Тимофей", "Ярослав", "Матвей", "Даниил", "Егор", "Фёдор", "Григорий", "Лев", "Марк", "Арсений", "Глеб", "Виктор",
    ];

    private static readonly string[] FemaleNames =
    [
        "Анна", "Мария", "Елена", "Ольга", "Наталья", "Татьяна", "Ирина", "Светлана", "Екатерина", "Юлия", "Анастасия", "Дарья", "Полина", "Виктория", "Ксения",
        "Алиса", "Вероника", "Софья", "Варвара", "Алёна", "Галина", "Людмила", "Надежда", "Валентина", "Марина", "Вера", "Любовь", "Кристина", "Елизавета", "Арина",
    ];

    private static readonly (string Male, string Female)[] Fathers =
    [
        ("Александрович", "Александровна"), ("Алексеевич", "Алексеевна"), ("Андреевич", "Андреевна"), ("Борисович", "Борисовна"), ("Васильевич", "Васильевна"),
        ("Викторович", "Викторовна"), ("Владимирович", "Владимировна"), ("Геннадьевич", "Геннадьевна"), ("Дмитриевич", "Дмитриевна"), ("Евгеньевич", "Евгеньевна"),
        ("Иванович", "Ивановна"), ("Игоревич", "Игоревна"), ("Константинович", "Константиновна"), ("Михайлович", "Михайловна"), ("Николаевич", "Николаевна"),
        ("Олегович", "Олеговна"), ("Павлович", "Павловна"), ("Петрович", "Петровна"), ("Сергеевич", "Сергеевна"), ("Юрьевич", "Юрьевна"),
    ];

    private static readonly string[] Positions = ["учитель математики", "учитель русского языка и литературы", "учитель начальных классов", "учитель истории",
        "учитель физики", "учитель английского языка", "учитель биологии", "учитель информатики", "педагог-психолог", "учитель химии", "учитель географии"];

    private static readonly string[] Qualifications = ["None", "Conformity", "First", "Highest"];
    private static readonly string[] Interests = ["цифровые образовательные ресурсы", "проектная деятельность", "олимпиадная подготовка", "краеведение", "робототехника", "театр"];
    private static readonly string[] Requests = ["Освоить методику подготовки к ОГЭ", "Выстроить дисциплину на уроке", "Подготовиться к олимпиаде", "Выбрать профессию",
        "Освоить цифровые инструменты", "Подтянуть математику", "Подготовить проект"];
    private static readonly string[] PupilCategories = ["Gifted", "Rural", "Ovz", "DifficultSituation", "LowIncome", "Orphan"];
    private static readonly string[] Goals = ["Адаптация молодого специалиста в коллективе и профессии", "Раскрытие потенциала обучающегося, повышение мотивации к учёбе",
        "Подготовка к олимпиадам и конкурсам", "Профессиональная ориентация обучающихся", "Развитие гибких навыков и самостоятельности"];
    private static readonly string[] Directions = ["SubjectContent,Methods", "Upbringing", "LessonAndExtracurricular", "PsychologicalSupport", "Methods"];
    private static readonly string[] Activities = ["Встреча-знакомство и диагностика затруднений", "Совместная разработка и проведение занятия", "Итоговая встреча и анализ результатов"];
    private static readonly string[] Stages = ["Подготовительный этап", "Основной этап", "Аналитический этап"];
    private static readonly string[] ItemNames =
    [
        "Формирование банка наставников", "Формирование банка наставляемых", "Издание приказа о закреплении наставнических пар", "Семинар для кураторов",
        "Мониторинг реализации программ (промежуточный)", "Конкурс «Педагогический дуэт»", "Обновление раздела сайта «Наставничество»", "Мониторинг (итоговый)",
        "Аналитическая справка по итогам года", "Совещание с кураторами ОО",
    ];
}

/// <summary>SplitMix64: small, fast, and the same sequence on every machine and runtime.</summary>
public sealed class Rng(ulong seed)
{
    private ulong _state = seed;

    public ulong NextULong()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    /// <summary>An integer in [min, max).</summary>
    public int Next(int min, int max) => max <= min ? min : min + (int)(NextULong() % (ulong)(max - min));

    public bool Chance(double p) => NextDouble() < p;

    public T Pick<T>(T[] items) => items[Next(0, items.Length)];

    public double Normal()
    {
        var u = 1 - NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * NextDouble());
    }

    public double LogNormal(double mu, double sigma) => Math.Exp(mu + sigma * Normal());

    public int[] Permutation(int n)
    {
        var a = new int[n];
        for (var i = 0; i < n; i++) a[i] = i;
        for (var i = n - 1; i > 0; i--)
        {
            var j = Next(0, i + 1);
            (a[i], a[j]) = (a[j], a[i]);
        }
        return a;
    }
}
