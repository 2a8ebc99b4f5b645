using AssessmentScorer.Store;

namespace AssessmentScorer.Api.Endpoints;

/// <summary>
/// <c>X-Api-Key</c> on a group of endpoints: 401 without a key (or with one unknown or revoked), the caller in the request
/// for the handlers, and every <see cref="RoundException"/> answered as the problem it names (403 outside the key's scope,
/// 404, 409, 422 …).
/// </summary>
internal static class ApiKeys
{
    public const string Header = "X-Api-Key";
    private const string CallerItem = "assessment-scorer.caller";

    public static RouteGroupBuilder RequireKey(this RouteGroupBuilder group)
    {
        group.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var keys = http.RequestServices.GetRequiredService<KeyService>();
            var caller = await keys.AuthenticateAsync(http.Request.Headers[Header].FirstOrDefault(), http.RequestAborted);
            if (caller is null)
            {
                http.Response.Headers.WWWAuthenticate = $"ApiKey header=\"{Header}\"";
                return Problems.Of(401, "AS5600", "API key needed",
                    http.Request.Headers.ContainsKey(Header)
                        ? $"The {Header} sent is not a key of this service, or it was revoked."
                        : $"Send an API key in the {Header} header (docs/rounds.md: keys and roles).");
            }
            http.Items[CallerItem] = caller;
            try { return await next(context); }
            catch (RoundException ex) { return Problem(ex); }
        });
        return group.WithMetadata(
            new ProducesResponseTypeMetadata(StatusCodes.Status401Unauthorized, typeof(ApiProblem), ["application/problem+json"]),
            new ProducesResponseTypeMetadata(StatusCodes.Status403Forbidden, typeof(ApiProblem), ["application/problem+json"]));
    }

    public static Caller Caller(this HttpContext http) =>
        http.Items[CallerItem] as Caller ?? throw new InvalidOperationException("the endpoint has no key filter");

    public static IResult Problem(RoundException ex) =>
        Problems.Of(ex.Status, ex.Code, ex.Title, ex.Message,
            ex.Errors?.Select(e => new ProblemError(e.Code, e.Message, Field: e.Field, Row: e.Row)));
}
