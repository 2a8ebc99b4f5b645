using AssessmentScorer.Store;
using Microsoft.AspNetCore.Components;

namespace AssessmentScorer.Web;

/// <summary>
/// A page on the assessment rounds: checks the reader's sign-in (the key against the store, each time the page opens),
/// then loads what the page shows through <see cref="RoundService"/>. Whatever the store refuses (no permission, not
/// found, a state that does not allow it) becomes a readable message in <see cref="Error"/>, never a blank page.
/// </summary>
public abstract class RoundPageBase : ComponentBase
{
    [Inject] private SignedIn SignedIn { get; set; } = default!;
    [Inject] protected RoundService RoundService { get; set; } = default!;
    [CascadingParameter] protected Text L { get; set; } = new(false);

    protected SignInStatus? Status { get; private set; }
    protected Caller? Caller { get; private set; }
    protected string? Error { get; set; }
    protected bool Loaded { get; private set; }

    protected override async Task OnParametersSetAsync()
    {
        if (Status is null) (Status, Caller) = await SignedIn.CheckAsync();
        if (Caller is { } caller)
        {
            Loaded = false;
            await RunAsync(() => LoadAsync(caller));
            Loaded = true;
        }
    }

    /// <summary>Reads what the page shows for this caller.</summary>
    protected abstract Task LoadAsync(Caller caller);

    /// <summary>Runs a store operation; a refusal becomes <see cref="Error"/>. True when it was done.</summary>
    protected async Task<bool> RunAsync(Func<Task> action)
    {
        Error = null;
        try
        {
            await action();
            return true;
        }
        catch (RoundException ex)
        {
            Error = Rounds.Message(ex, L);
            return false;
        }
    }
}
