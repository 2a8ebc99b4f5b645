using AssessmentScorer.Store;

namespace AssessmentScorer.Api.Endpoints;

/// <summary>API keys and the audit log (admin only).</summary>
internal static class KeyEndpoints
{
    public static RouteGroupBuilder MapKeys(this RouteGroupBuilder group)
    {
        group.MapPost("", async (CreateKeyRequest request, HttpContext http, KeyService keys, CancellationToken ct) =>
            {
                var key = await keys.CreateAsync(http.Caller(), request, ct);
                return TypedResults.Created($"/keys/{key.Info.Id}", key);
            })
            .WithName("CreateKey").WithSummary("Make a key: admin, assessor (with a region) or hospital (with a subjectId); the key is shown once and stored hashed")
            .Accepts<CreateKeyRequest>("application/json").Produces<CreatedKey>(201).ProducesProblems(400, 415, 422);
        group.MapGet("", async (HttpContext http, KeyService keys, CancellationToken ct) => TypedResults.Ok(await keys.ListAsync(http.Caller(), ct)))
            .WithName("ListKeys").WithSummary("Every key (never the key itself)");
        group.MapPost("/{id:long}/revoke", async (long id, HttpContext http, KeyService keys, CancellationToken ct) => TypedResults.Ok(await keys.RevokeAsync(http.Caller(), id, ct)))
            .WithName("RevokeKey").WithSummary("Revoke a key: it is refused from now on (401)").ProducesProblems(404);
        return group;
    }

    public static RouteGroupBuilder MapAudit(this RouteGroupBuilder group)
    {
        group.MapGet("", async (long? round, string? subject, HttpContext http, RoundService rounds, CancellationToken ct) =>
                TypedResults.Ok(await rounds.AuditAsync(http.Caller(), round, subject, ct)))
            .WithName("Audit").WithSummary("The audit log, oldest first (?round=&subject=); entries are never changed or deleted");
        return group;
    }
}
