using System.Globalization;

namespace AssessmentScorer;

/// <summary>Who is assessed.</summary>
/// <param name="Id">Stable identifier.</param>
/// <param name="Name">Name (Chinese as written).</param>
/// <param name="Kind"><c>hospital</c>, <c>alliance</c> or <c>region</c>.</param>
/// <param name="Tier"><c>tertiary</c>, <c>secondary</c> or <c>primary</c>.</param>
/// <param name="Category"><c>general</c>, <c>tcm</c>, <c>specialty</c> or <c>maternal_child</c>.</param>
/// <param name="Ownership"><c>public</c> or <c>private</c>.</param>
/// <param name="Region">ISO 3166-2 province code then pinyin path, e.g. <c>CN-AH/bozhou/qiaocheng</c>.</param>
/// <param name="Beds">Open beds.</param>
public sealed record Subject(string Id, string? Name = null, string? Kind = "hospital", string? Tier = null, string? Category = null,
    string? Ownership = null, string? Region = null, int? Beds = null);

/// <summary>One submitted value: a number, a text (levels such as 四级甲等 are text) or a yes/no.</summary>
public readonly record struct FieldValue
{
    private FieldValue(decimal? number, string? text, bool? flag) { Number = number; Text = text; Flag = flag; }
    /// <summary>The number, when this is a number.</summary>
    public decimal? Number { get; }
    /// <summary>The text, when this is a text.</summary>
    public string? Text { get; }
    /// <summary>The yes/no, when this is one.</summary>
    public bool? Flag { get; }
    /// <summary>A number.</summary>
    public static FieldValue Of(decimal value) => new(value, null, null);
    /// <summary>A text.</summary>
    public static FieldValue Of(string value) => new(null, value, null);
    /// <summary>A yes/no.</summary>
    public static FieldValue Of(bool value) => new(null, null, value);
    /// <summary>A number.</summary>
    public static implicit operator FieldValue(decimal value) => Of(value);
    /// <summary>A number.</summary>
    public static implicit operator FieldValue(int value) => Of(value);
    /// <summary>A text.</summary>
    public static implicit operator FieldValue(string value) => Of(value);
    /// <summary>A yes/no.</summary>
    public static implicit operator FieldValue(bool value) => Of(value);
    /// <summary>The value as written in JSON.</summary>
    public override string ToString() => Number?.ToString(CultureInfo.InvariantCulture) ?? Text ?? (Flag is { } f ? (f ? "true" : "false") : "");
}

/// <summary>A checklist task as reported by the subject.</summary>
/// <param name="Done">Whether it was done.</param>
/// <param name="CompletedOn">When it was completed.</param>
/// <param name="Evidence">Names of the documents that prove it.</param>
public sealed record TaskReport(bool Done, DateOnly? CompletedOn, IReadOnlyList<string> Evidence);

/// <summary>The same subject's values for the previous period (for year-over-year targets).</summary>
/// <param name="Year">The previous year.</param>
/// <param name="Values">Its values by data-dictionary id.</param>
public sealed record PreviousPeriod(int Year, IReadOnlyDictionary<string, FieldValue> Values);

/// <summary>One subject's data for one assessment period.</summary>
/// <param name="Subject">Who.</param>
/// <param name="Year">The assessment year.</param>
/// <param name="Values">Values by data-dictionary id.</param>
/// <param name="Previous">Last period's values, if given.</param>
/// <param name="Tasks">Checklist tasks by the id the rule set gives them, if any.</param>
public sealed record Submission(Subject Subject, int Year, IReadOnlyDictionary<string, FieldValue> Values,
    PreviousPeriod? Previous = null, IReadOnlyDictionary<string, TaskReport>? Tasks = null)
{
    /// <summary>Problems found while reading the submission text (they are carried into the result).</summary>
    public IReadOnlyList<Problem> InputProblems { get; init; } = Array.Empty<Problem>();

    /// <summary>Reads a submission from its JSON form (docs/submission-format.md). Never throws on bad input.</summary>
    public static SubmissionParseResult ParseJson(string json) => SubmissionJson.Parse(json);

    /// <summary>Reads a submission from an already parsed JSON element; problems name paths under <paramref name="path"/> (e.g. <c>[3].values.beds</c>).</summary>
    public static SubmissionParseResult FromJson(System.Text.Json.JsonElement element, string path = "$") => SubmissionJson.FromElement(element, path);
}

/// <summary>A parsed submission, or none, with every problem found.</summary>
/// <param name="Submission">The submission; null when it is unusable (not JSON, no subject id or year).</param>
/// <param name="Problems">Every problem, each naming its place.</param>
public sealed record SubmissionParseResult(Submission? Submission, IReadOnlyList<Problem> Problems);
