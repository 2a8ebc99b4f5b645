using System.Security.Claims;
using AssessmentScorer.Store;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AssessmentScorer.Web;

/// <summary>
/// Signing in to the round pages with an API key (docs/ui.md). The key is checked by the store's <see cref="KeyService"/>
/// and kept in an authentication cookie (HttpOnly, SameSite=Strict, Secure on HTTPS) whose value is encrypted with
/// ASP.NET Core Data Protection: the key itself is never in the cookie in plain text, nor in a page. Every page that reads
/// the store checks the key again, so a key revoked since signing in is refused at once.
/// </summary>
public static class Account
{
    public const string Scheme = "as-signin";
    public const string CookieName = "as-signin";
    public const string KeyClaim = "as-key";
    public const string SignInPath = "/account/signin";
    public const string SignOutPath = "/account/signout";

    /// <summary>How long a sign-in lasts; after it the reader signs in again.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    internal static void AddSignIn(IServiceCollection services)
    {
        services.AddAuthentication(Scheme).AddCookie(Scheme, o =>
        {
            o.Cookie.Name = CookieName;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = Lifetime;
            o.SlidingExpiration = false;
            o.LoginPath = "/signin";
            // The API answers with its own problems: the cookie scheme never redirects a request.
            o.Events.OnRedirectToLogin = c => { c.Response.StatusCode = 401; return Task.CompletedTask; };
            o.Events.OnRedirectToAccessDenied = c => { c.Response.StatusCode = 403; return Task.CompletedTask; };
        });
        services.AddCascadingAuthenticationState();
        services.AddScoped<SignedIn>();
    }

    internal static void MapSignIn(WebApplication app)
    {
        app.MapPost(SignInPath, async (HttpContext http, KeyService keys, IAntiforgery antiforgery) =>
        {
            var form = await http.Request.ReadFormAsync(http.RequestAborted);
            var back = LocalPath(form["returnUrl"].ToString());
            if (!await antiforgery.IsRequestValidAsync(http)) return Microsoft.AspNetCore.Http.Results.Redirect(SignInPage("expired", back));
            var key = form["key"].ToString().Trim();
            if (key.Length == 0) return Microsoft.AspNetCore.Http.Results.Redirect(SignInPage("empty", back));
            var caller = await keys.AuthenticateAsync(key, http.RequestAborted);
            if (caller is null) return Microsoft.AspNetCore.Http.Results.Redirect(SignInPage("unknown", back));
            var identity = new ClaimsIdentity(new[]
            {
                new Claim(ClaimTypes.Name, caller.Name), new Claim(ClaimTypes.Role, caller.Role), new Claim(KeyClaim, key),
            }, Scheme);
            await http.SignInAsync(Scheme, new ClaimsPrincipal(identity), new AuthenticationProperties { IsPersistent = true, ExpiresUtc = DateTimeOffset.UtcNow + Lifetime });
            return Microsoft.AspNetCore.Http.Results.Redirect(back);
        }).DisableAntiforgery().ExcludeFromDescription();   // the token is checked above, after the form is read
        app.MapPost(SignOutPath, async (HttpContext http, IAntiforgery antiforgery) =>
        {
            if (await antiforgery.IsRequestValidAsync(http)) await http.SignOutAsync(Scheme);
            return Microsoft.AspNetCore.Http.Results.Redirect("/signin?out=1");
        }).DisableAntiforgery().ExcludeFromDescription();
    }

    /// <summary>A path inside this site to go back to after signing in (anything else goes to the rounds).</summary>
    internal static string LocalPath(string? url) =>
        url is { Length: > 0 } u && u.StartsWith('/') && !u.StartsWith("//", StringComparison.Ordinal) && !u.StartsWith("/\\", StringComparison.Ordinal) ? u : "/assessments";

    private static string SignInPage(string error, string back) => $"/signin?error={error}&returnUrl={Uri.EscapeDataString(back)}";
}

/// <summary>Whether the reader is signed in, and with which key's role and scope: checked against the store on every call.</summary>
public enum SignInStatus { SignedOut, Valid, Revoked }

/// <summary>The reader's sign-in for one connection: the caller the kept key names now (a revoked key names none).</summary>
public sealed class SignedIn(AuthenticationStateProvider auth, KeyService keys)
{
    public async Task<(SignInStatus Status, Caller? Caller)> CheckAsync(CancellationToken ct = default)
    {
        var user = (await auth.GetAuthenticationStateAsync()).User;
        var key = user.FindFirst(Account.KeyClaim)?.Value;
        if (user.Identity?.IsAuthenticated != true || string.IsNullOrEmpty(key)) return (SignInStatus.SignedOut, null);
        var caller = await keys.AuthenticateAsync(key, ct);
        return caller is null ? (SignInStatus.Revoked, null) : (SignInStatus.Valid, caller);
    }
}
