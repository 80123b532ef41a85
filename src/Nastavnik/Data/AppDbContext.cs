using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Features.Consents;
using Nastavnik.Features.Mentorships;
using Nastavnik.Features.Notifications;
using Nastavnik.Features.Organizations;
using Nastavnik.Features.People;
using Nastavnik.Features.Roadmaps;
using Nastavnik.Platform.Audit;
using Nastavnik.Platform.Auth;
using Nastavnik.Platform.DataProtection;
using Nastavnik.Platform.Import;
using Nastavnik.Platform.Tenancy;

namespace Nastavnik.Data;

public sealed class AppDbContext(DbContextOptions<AppDbContext> options, CurrentScope currentScope)
    : IdentityUserContext<AppUser>(options)
{
    public DbSet<Region> Regions => Set<Region>();
    public DbSet<Municipality> Municipalities => Set<Municipality>();
    public DbSet<Organization> Organizations => Set<Organization>();
    public DbSet<RoleAssignment> RoleAssignments => Set<RoleAssignment>();
    public DbSet<TwoFactorRequirement> TwoFactorRequirements => Set<TwoFactorRequirement>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<Person> People => Set<Person>();
    public DbSet<PersonCategory> PersonCategories => Set<PersonCategory>();
    public DbSet<MentorProfile> MentorProfiles => Set<MentorProfile>();
    public DbSet<MentorStrength> MentorStrengths => Set<MentorStrength>();
    public DbSet<MenteeProfile> MenteeProfiles => Set<MenteeProfile>();
    public DbSet<Competency> Competencies => Set<Competency>();
    public DbSet<Deficit> Deficits => Set<Deficit>();
    public DbSet<Consent> Consents => Set<Consent>();
    public DbSet<ConsentText> ConsentTexts => Set<ConsentText>();
    public DbSet<DestructionRecord> DestructionRecords => Set<DestructionRecord>();
    public DbSet<Features.Matching.MatchingRun> MatchingRuns => Set<Features.Matching.MatchingRun>();
    public DbSet<Features.Events.Event> Events => Set<Features.Events.Event>();
    public DbSet<Features.Events.EventParticipant> EventParticipants => Set<Features.Events.EventParticipant>();
    public DbSet<Features.Events.EventDate> EventDates => Set<Features.Events.EventDate>();
    public DbSet<Features.Events.ConsultationRecord> Consultations => Set<Features.Events.ConsultationRecord>();
    public DbSet<Features.Events.Award> Awards => Set<Features.Events.Award>();
    public DbSet<Roadmap> Roadmaps => Set<Roadmap>();
    public DbSet<RoadmapStage> RoadmapStages => Set<RoadmapStage>();
    public DbSet<RoadmapItem> RoadmapItems => Set<RoadmapItem>();
    public DbSet<RoadmapDeadline> RoadmapDeadlines => Set<RoadmapDeadline>();
    public DbSet<MentoringForm> MentoringForms => Set<MentoringForm>();
    public DbSet<MentoringKind> MentoringKinds => Set<MentoringKind>();
    public DbSet<Mentorship> Mentorships => Set<Mentorship>();
    public DbSet<MentorshipParticipant> MentorshipParticipants => Set<MentorshipParticipant>();
    public DbSet<MentorshipTransition> MentorshipTransitions => Set<MentorshipTransition>();
    public DbSet<ApprovalOrder> ApprovalOrders => Set<ApprovalOrder>();
    public DbSet<MenteeSupport> MenteeSupports => Set<MenteeSupport>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<Features.Indicators.Indicator> Indicators => Set<Features.Indicators.Indicator>();
    public DbSet<Features.Indicators.OrganizationEnrolment> OrganizationEnrolments => Set<Features.Indicators.OrganizationEnrolment>();
    public DbSet<Features.Indicators.IndicatorTarget> IndicatorTargets => Set<Features.Indicators.IndicatorTarget>();
    public DbSet<Features.Indicators.IndicatorValue> IndicatorValues => Set<Features.Indicators.IndicatorValue>();
    public DbSet<Features.Indicators.IndicatorStamp> IndicatorStamps => Set<Features.Indicators.IndicatorStamp>();
    public DbSet<Features.Programmes.MentoringProgram> MentoringPrograms => Set<Features.Programmes.MentoringProgram>();
    public DbSet<Features.Programmes.ProgramActivity> ProgramActivities => Set<Features.Programmes.ProgramActivity>();
    public DbSet<Features.Programmes.ProgramActivityFile> ProgramActivityFiles => Set<Features.Programmes.ProgramActivityFile>();
    public DbSet<Features.Programmes.Meeting> Meetings => Set<Features.Programmes.Meeting>();
    public DbSet<Features.Programmes.MeetingAttendance> MeetingAttendance => Set<Features.Programmes.MeetingAttendance>();
    public DbSet<Features.Programmes.ProgressReport> ProgressReports => Set<Features.Programmes.ProgressReport>();
    public DbSet<Features.Programmes.ProgrammeSettings> ProgrammeSettings => Set<Features.Programmes.ProgrammeSettings>();
    public DbSet<Features.Programmes.ProgramRevision> ProgramRevisions => Set<Features.Programmes.ProgramRevision>();
    public DbSet<Features.Programmes.ProgramRevisionItem> ProgramRevisionItems => Set<Features.Programmes.ProgramRevisionItem>();
    public DbSet<Features.Programmes.ProgramRevisionConfirmation> ProgramRevisionConfirmations => Set<Features.Programmes.ProgramRevisionConfirmation>();
    public DbSet<Features.Programmes.Completion> Completions => Set<Features.Programmes.Completion>();
    public DbSet<Features.Programmes.MenteeResult> MenteeResults => Set<Features.Programmes.MenteeResult>();
    public DbSet<Features.Practices.Practice> Practices => Set<Features.Practices.Practice>();
    public DbSet<Features.Practices.PracticeItem> PracticeItems => Set<Features.Practices.PracticeItem>();
    public DbSet<Features.Programmes.Templates.ProgrammeTemplate> ProgrammeTemplates => Set<Features.Programmes.Templates.ProgrammeTemplate>();
    public DbSet<Features.Programmes.Templates.ProgrammeTemplateItem> ProgrammeTemplateItems => Set<Features.Programmes.Templates.ProgrammeTemplateItem>();
    public DbSet<Features.IndividualRoutes.IndividualRoute> IndividualRoutes => Set<Features.IndividualRoutes.IndividualRoute>();
    public DbSet<Features.IndividualRoutes.IndividualRouteDeficit> IndividualRouteDeficits => Set<Features.IndividualRoutes.IndividualRouteDeficit>();
    public DbSet<Features.IndividualRoutes.IndividualRouteItem> IndividualRouteItems => Set<Features.IndividualRoutes.IndividualRouteItem>();
    public DbSet<ImportMapping> ImportMappings => Set<ImportMapping>();
    public DbSet<LocalAct> LocalActs => Set<LocalAct>();
    public DbSet<RoadmapEvidenceFile> RoadmapEvidenceFiles => Set<RoadmapEvidenceFile>();
    public DbSet<Features.Monitoring.Questionnaire> Questionnaires => Set<Features.Monitoring.Questionnaire>();
    public DbSet<Features.Monitoring.QuestionnaireSection> QuestionnaireSections => Set<Features.Monitoring.QuestionnaireSection>();
    public DbSet<Features.Monitoring.Question> Questions => Set<Features.Monitoring.Question>();
    public DbSet<Features.Monitoring.QuestionOption> QuestionOptions => Set<Features.Monitoring.QuestionOption>();
    public DbSet<Features.Monitoring.MonitoringSettings> MonitoringSettings => Set<Features.Monitoring.MonitoringSettings>();
    public DbSet<Features.Monitoring.MonitoringSetItem> MonitoringSetItems => Set<Features.Monitoring.MonitoringSetItem>();
    public DbSet<Features.Monitoring.MonitoringStage> MonitoringStages => Set<Features.Monitoring.MonitoringStage>();
    public DbSet<Features.Monitoring.MonitoringAssignment> MonitoringAssignments => Set<Features.Monitoring.MonitoringAssignment>();
    public DbSet<Features.Monitoring.MonitoringResponse> MonitoringResponses => Set<Features.Monitoring.MonitoringResponse>();
    public DbSet<Features.Monitoring.MonitoringAnswer> MonitoringAnswers => Set<Features.Monitoring.MonitoringAnswer>();
    public DbSet<Platform.Email.OutboxEmail> OutboxEmails => Set<Platform.Email.OutboxEmail>();
    public DbSet<NotificationSettings> NotificationSettings => Set<NotificationSettings>();
    public DbSet<Features.Programmes.ProgrammeWarningState> ProgrammeWarningStates => Set<Features.Programmes.ProgrammeWarningState>();

    /// <summary>Dashboard counters were moved inside a transaction that has not committed yet (see IndicatorStampsCommit).</summary>
    internal bool StampsAwaitCommit { get; set; }

    /// <summary>The tenant scope of this context's request. Global query filters read it per query.</summary>
    public TenantScope Scope => currentScope.Value;

    // The filters below reference these members of the context, so EF turns them into query parameters
    // evaluated for each query (the model itself is cached once for all tenants).
    private bool ScopeIsGlobal => Scope.IsGlobal;
    private List<int> ScopeRegionIds => Scope.RegionIds;
    private List<int> ScopeMunicipalityIds => Scope.MunicipalityIds;
    private List<int> ScopeOrganizationIds => Scope.OrganizationIds;
    private List<int> ScopeAncestorRegionIds => Scope.AncestorRegionIds;
    private List<int> ScopeAncestorMunicipalityIds => Scope.AncestorMunicipalityIds;

    /// <summary>All instants are UTC <see cref="DateTime"/>s: SQLite cannot order or compare DateTimeOffset, and
    /// reading back marks them UTC again (SQLite forgets the kind).</summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    private sealed class UtcDateTimeConverter() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(), v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
        if (Database.IsNpgsql())
        {
            // The register search asks prefix ranges on these (PersonSearch): code-point order on any cluster locale,
            // as SQLite's BINARY compares; a linguistic collation would put «натальѐ» before «наталья».
            builder.Entity<Features.People.Person>().Property(p => p.SearchName).UseCollation("C");
            builder.Entity<Features.People.Person>().Property(p => p.SearchGivenName).UseCollation("C");
        }

        builder.Entity<Region>().HasQueryFilter(r => ScopeIsGlobal || ScopeAncestorRegionIds.Contains(r.Id));
        builder.Entity<Municipality>().HasQueryFilter(m => ScopeIsGlobal
            || ScopeRegionIds.Contains(m.RegionId)
            || ScopeAncestorMunicipalityIds.Contains(m.Id));
        builder.Entity<Organization>().HasQueryFilter(o => ScopeIsGlobal
            || ScopeRegionIds.Contains(o.RegionId)
            || ScopeMunicipalityIds.Contains(o.MunicipalityId)
            || ScopeOrganizationIds.Contains(o.Id));
        // A person whose consent was withdrawn disappears from every query at once (registers, search, export,
        // API); only the purge job looks past this filter.
        builder.Entity<Person>().HasQueryFilter(p => !p.IsWithdrawn && (ScopeIsGlobal
            || ScopeRegionIds.Contains(p.RegionId)
            || ScopeMunicipalityIds.Contains(p.MunicipalityId)
            || ScopeOrganizationIds.Contains(p.OrganizationId)));
        // Consents, profiles and deficits carry no filter of their own: they are always reached through a
        // person that the filter above has already let through. ConsentTexts (the wording of consent forms) are shared
        // by every tenant and hold no personal data: no filter either.
        builder.Entity<DestructionRecord>().HasQueryFilter(d => ScopeIsGlobal
            || ScopeRegionIds.Contains(d.RegionId)
            || ScopeMunicipalityIds.Contains(d.MunicipalityId)
            || ScopeOrganizationIds.Contains(d.OrganizationId));
        builder.Entity<Features.Matching.MatchingRun>().HasQueryFilter(r => ScopeIsGlobal
            || ScopeRegionIds.Contains(r.RegionId)
            || ScopeMunicipalityIds.Contains(r.MunicipalityId)
            || (r.OrganizationId != null && ScopeOrganizationIds.Contains(r.OrganizationId.Value)));
        // A municipality's events and consultations are seen by its schools too; a school's only by that school and above.
        builder.Entity<Features.Events.Event>().HasQueryFilter(e => ScopeIsGlobal
            || ScopeRegionIds.Contains(e.RegionId)
            || ScopeMunicipalityIds.Contains(e.MunicipalityId)
            || (e.OrganizationId == null && ScopeAncestorMunicipalityIds.Contains(e.MunicipalityId))
            || (e.OrganizationId != null && ScopeOrganizationIds.Contains(e.OrganizationId.Value)));
        builder.Entity<Features.Events.ConsultationRecord>().HasQueryFilter(e => ScopeIsGlobal
            || ScopeRegionIds.Contains(e.RegionId)
            || ScopeMunicipalityIds.Contains(e.MunicipalityId)
            || (e.OrganizationId != null && ScopeOrganizationIds.Contains(e.OrganizationId.Value)));
        builder.Entity<Competency>().HasQueryFilter(c => c.RegionId == null || ScopeIsGlobal || ScopeAncestorRegionIds.Contains(c.RegionId.Value));

        // Roadmaps: like organisations, and a municipal roadmap (no organisation) is also visible to the
        // municipality's organisations. Stages and items carry the same filter through their roadmap.
        builder.Entity<Roadmap>().HasQueryFilter(r => ScopeIsGlobal
            || ScopeRegionIds.Contains(r.RegionId)
            || ScopeMunicipalityIds.Contains(r.MunicipalityId)
            || (r.OrganizationId != null && ScopeOrganizationIds.Contains(r.OrganizationId.Value))
            || (r.OrganizationId == null && ScopeAncestorMunicipalityIds.Contains(r.MunicipalityId)));
        builder.Entity<RoadmapStage>().HasQueryFilter(s => ScopeIsGlobal
            || ScopeRegionIds.Contains(s.Roadmap!.RegionId)
            || ScopeMunicipalityIds.Contains(s.Roadmap!.MunicipalityId)
            || (s.Roadmap!.OrganizationId != null && ScopeOrganizationIds.Contains(s.Roadmap!.OrganizationId.Value))
            || (s.Roadmap!.OrganizationId == null && ScopeAncestorMunicipalityIds.Contains(s.Roadmap!.MunicipalityId)));
        builder.Entity<RoadmapItem>().HasQueryFilter(i => ScopeIsGlobal
            || ScopeRegionIds.Contains(i.Roadmap!.RegionId)
            || ScopeMunicipalityIds.Contains(i.Roadmap!.MunicipalityId)
            || (i.Roadmap!.OrganizationId != null && ScopeOrganizationIds.Contains(i.Roadmap!.OrganizationId.Value))
            || (i.Roadmap!.OrganizationId == null && ScopeAncestorMunicipalityIds.Contains(i.Roadmap!.MunicipalityId)));
        builder.Entity<LocalAct>().HasQueryFilter(x => ScopeIsGlobal
            || ScopeRegionIds.Contains(x.RegionId)
            || ScopeMunicipalityIds.Contains(x.MunicipalityId)
            || ScopeOrganizationIds.Contains(x.OrganizationId));
        builder.Entity<RoadmapDeadline>().HasQueryFilter(d => ScopeIsGlobal
            || ScopeRegionIds.Contains(d.RegionId)
            || ScopeMunicipalityIds.Contains(d.MunicipalityId));
        builder.Entity<MentoringForm>().HasQueryFilter(c => c.RegionId == null || ScopeIsGlobal || ScopeAncestorRegionIds.Contains(c.RegionId.Value));
        builder.Entity<MentoringKind>().HasQueryFilter(c => c.RegionId == null || ScopeIsGlobal || ScopeAncestorRegionIds.Contains(c.RegionId.Value));
        // Participants, transitions and support marks are reached through a mentorship or person already filtered.
        builder.Entity<Mentorship>().HasQueryFilter(x => ScopeIsGlobal
            || ScopeRegionIds.Contains(x.RegionId)
            || ScopeMunicipalityIds.Contains(x.MunicipalityId)
            || ScopeOrganizationIds.Contains(x.OrganizationId));
        builder.Entity<ApprovalOrder>().HasQueryFilter(x => ScopeIsGlobal
            || ScopeRegionIds.Contains(x.RegionId)
            || ScopeMunicipalityIds.Contains(x.MunicipalityId)
            || ScopeOrganizationIds.Contains(x.OrganizationId));
        // Indicators: the catalogue like forms; enrolment like organisations; a target or manual value of a
        // municipality (or region) is also seen by those below it, since they are measured against it.
        builder.Entity<Features.Indicators.Indicator>().HasQueryFilter(c => c.RegionId == null || ScopeIsGlobal || ScopeAncestorRegionIds.Contains(c.RegionId.Value));
        builder.Entity<Features.Indicators.OrganizationEnrolment>().HasQueryFilter(x => ScopeIsGlobal
            || ScopeRegionIds.Contains(x.RegionId)
            || ScopeMunicipalityIds.Contains(x.MunicipalityId)
            || ScopeOrganizationIds.Contains(x.OrganizationId));
        builder.Entity<Features.Indicators.IndicatorTarget>().HasQueryFilter(x => ScopeIsGlobal
            || ScopeRegionIds.Contains(x.RegionId)
            || (x.MunicipalityId != null && ScopeMunicipalityIds.Contains(x.MunicipalityId.Value))
            || (x.OrganizationId != null && ScopeOrganizationIds.Contains(x.OrganizationId.Value))
            || (x.MunicipalityId == null && ScopeAncestorRegionIds.Contains(x.RegionId))
            || (x.OrganizationId == null && x.MunicipalityId != null && ScopeAncestorMunicipalityIds.Contains(x.MunicipalityId.Value)));
        builder.Entity<Features.Indicators.IndicatorValue>().HasQueryFilter(x => ScopeIsGlobal
            || ScopeRegionIds.Contains(x.RegionId)
            || ScopeMunicipalityIds.Contains(x.MunicipalityId)
            || (x.OrganizationId != null && ScopeOrganizationIds.Contains(x.OrganizationId.Value))
            || (x.OrganizationId == null && ScopeAncestorMunicipalityIds.Contains(x.MunicipalityId)));
        // Activities, meetings and reports are reached through a programme already filtered; mentors and mentees
        // are narrowed further to their own programmes by ProgrammeAccess.
        builder.Entity<Features.Programmes.MentoringProgram>().HasQueryFilter(x => ScopeIsGlobal
            || ScopeRegionIds.Contains(x.RegionId)
            || ScopeMunicipalityIds.Contains(x.MunicipalityId)
            || ScopeOrganizationIds.Contains(x.OrganizationId));
        // Revisions and completions carry their programme's tenant columns; items, confirmations and results are
        // reached through them.
        builder.Entity<Features.Programmes.ProgramRevision>().HasQueryFilter(x => ScopeIsGlobal
            || ScopeRegionIds.Contains(x.RegionId)
            || ScopeMunicipalityIds.Contains(x.MunicipalityId)
            || ScopeOrganizationIds.Contains(x.OrganizationId));
        builder.Entity<Features.Programmes.Completion>().HasQueryFilter(x => ScopeIsGlobal
            || ScopeRegionIds.Contains(x.RegionId)
            || ScopeMunicipalityIds.Contains(x.MunicipalityId)
            || ScopeOrganizationIds.Contains(x.OrganizationId));
        // The practice library is shared: a published practice is read across its whole region (it holds no personal
        // data); one still under review only within the usual scope of its school.
        builder.Entity<Features.Practices.Practice>().HasQueryFilter(x => ScopeIsGlobal
            || ScopeRegionIds.Contains(x.RegionId)
            || ScopeMunicipalityIds.Contains(x.MunicipalityId)
            || ScopeOrganizationIds.Contains(x.OrganizationId)
            || (x.Status == Features.Practices.PracticeStatus.Published && ScopeAncestorRegionIds.Contains(x.RegionId)));
        // Monitoring: built-in questionnaires (no region) are read by everyone, a region's by everyone in it, an
        // organisation's like the organisation. Sections, questions and options are reached through a questionnaire.
        builder.Entity<Features.Monitoring.Questionnaire>().HasQueryFilter(x => x.RegionId == null || ScopeIsGlobal
            || (x.OrganizationId == null && ScopeAncestorRegionIds.Contains(x.RegionId.Value))
            || (x.OrganizationId != null && (ScopeRegionIds.Contains(x.RegionId.Value)
                || (x.MunicipalityId != null && ScopeMunicipalityIds.Contains(x.MunicipalityId.Value))
                || ScopeOrganizationIds.Contains(x.OrganizationId.Value))));
        // Stages, assignments and responses like the programme they belong to; answers through their response.
        // Mentors and mentees are narrowed further to their own assignments by MonitoringAccess.
        builder.Entity<Features.Monitoring.MonitoringStage>().HasQueryFilter(x => ScopeIsGlobal
            || ScopeRegionIds.Contains(x.RegionId)
            || ScopeMunicipalityIds.Contains(x.MunicipalityId)
            || ScopeOrganizationIds.Contains(x.OrganizationId));
        builder.Entity<Features.Monitoring.MonitoringAssignment>().HasQueryFilter(x => ScopeIsGlobal
            || ScopeRegionIds.Contains(x.RegionId)
            || ScopeMunicipalityIds.Contains(x.MunicipalityId)
            || ScopeOrganizationIds.Contains(x.OrganizationId));
        builder.Entity<Features.Monitoring.MonitoringResponse>().HasQueryFilter(x => ScopeIsGlobal
            || ScopeRegionIds.Contains(x.RegionId)
            || ScopeMunicipalityIds.Contains(x.MunicipalityId)
            || ScopeOrganizationIds.Contains(x.OrganizationId));
        // Programme templates: built-in ones (no region) for everyone; a region's, a municipality's or a school's
        // template for that level and everything below it, and for those above who cover it. Items go with their template.
        builder.Entity<Features.Programmes.Templates.ProgrammeTemplate>().HasQueryFilter(t => ScopeIsGlobal
            || t.RegionId == null
            || ScopeRegionIds.Contains(t.RegionId.Value)
            || (t.MunicipalityId == null && ScopeAncestorRegionIds.Contains(t.RegionId.Value))
            || (t.MunicipalityId != null && ScopeMunicipalityIds.Contains(t.MunicipalityId.Value))
            || (t.OrganizationId == null && t.MunicipalityId != null && ScopeAncestorMunicipalityIds.Contains(t.MunicipalityId.Value))
            || (t.OrganizationId != null && ScopeOrganizationIds.Contains(t.OrganizationId.Value)));
        // ИОМ: like the person it belongs to (a withdrawn consent hides the route at once); deficits and steps are
        // reached through the route. Mentors and mentees are narrowed further by IndividualRouteAccess.
        builder.Entity<Features.IndividualRoutes.IndividualRoute>().HasQueryFilter(x => !x.Person!.IsWithdrawn && (ScopeIsGlobal
            || ScopeRegionIds.Contains(x.RegionId)
            || ScopeMunicipalityIds.Contains(x.MunicipalityId)
            || ScopeOrganizationIds.Contains(x.OrganizationId)));
    }

    /// <summary>
    /// A save that changes what a dashboard shows also moves the dashboards' change counters, in the same
    /// transaction (its own one when the caller has none), so cached figures never outlive the data.
    /// </summary>
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        PrepareSave();
        var stamps = Features.Indicators.IndicatorStamps.CollectAsync(this, async: false).GetAwaiter().GetResult();
        if (stamps.Count == 0) return base.SaveChanges(acceptAllChangesOnSuccess);
        using var tx = Database.CurrentTransaction is null ? Database.BeginTransaction() : null;
        var result = base.SaveChanges(acceptAllChangesOnSuccess);
        Features.Indicators.IndicatorStamps.Bump(this, stamps);
        tx?.Commit();
        return result;
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        PrepareSave();
        var stamps = await Features.Indicators.IndicatorStamps.CollectAsync(this, async: true, cancellationToken);
        if (stamps.Count == 0) return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        await using var tx = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        var result = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        await Features.Indicators.IndicatorStamps.BumpAsync(this, stamps, cancellationToken);
        if (tx is not null) await tx.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>
    /// Optimistic concurrency: every entity with a Guid "Version" gets a new one on update, and EF checks the
    /// old one in the WHERE clause (a lost update becomes DbUpdateConcurrencyException). The audit log is
    /// append-only.
    /// </summary>
    private void PrepareSave()
    {
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.Entity is AuditEntry && entry.State is EntityState.Modified or EntityState.Deleted)
                throw new InvalidOperationException("Журнал аудита доступен только для добавления.");
            if (entry.State == EntityState.Modified && entry.Metadata.FindProperty("Version") is { ClrType: var t } p && t == typeof(Guid))
                entry.Property(p.Name).CurrentValue = Guid.NewGuid();
        }
    }
}
