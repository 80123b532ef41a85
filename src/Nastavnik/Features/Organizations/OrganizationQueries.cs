namespace Nastavnik.Features.Organizations;

public static class OrganizationQueries
{
    /// <summary>Search and filters shared by the page, the API and the export. Tenant scope is already in the query filter.</summary>
    public static IQueryable<Organization> Filter(IQueryable<Organization> q, string? search, int? municipalityId, OrganizationKind? kind, bool archived)
    {
        q = q.Where(o => o.IsArchived == archived);
        if (municipalityId is not null) q = q.Where(o => o.MunicipalityId == municipalityId);
        if (kind is not null) q = q.Where(o => o.Kind == kind);
        if (!string.IsNullOrWhiteSpace(search))
        {
            // Case-insensitive on both providers: SQLite's lower() knows only ASCII, so we match the term as typed,
            // capitalised and lower-cased (names are stored as written: «МБОУ Берёзовская СОШ»).
            var t = search.Trim();
            var lower = t.ToLowerInvariant();
            var upper = t.ToUpperInvariant();
            var cap = char.ToUpperInvariant(t[0]) + t[1..];
            q = q.Where(o => o.Name.Contains(t) || o.Name.Contains(lower) || o.Name.Contains(cap) || o.Name.Contains(upper)
                || (o.ShortName != null && (o.ShortName.Contains(t) || o.ShortName.Contains(cap) || o.ShortName.Contains(upper))));
        }
        return q;
    }
}
