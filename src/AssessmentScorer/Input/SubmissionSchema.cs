using AssessmentScorer.RuleSets;

namespace AssessmentScorer;

/// <summary>
/// A column of a submission table that describes the subject or the period rather than a data-dictionary field
/// (<see cref="SubmissionSchema.SubjectColumns"/>).
/// </summary>
public sealed class SubjectColumn
{
    internal SubjectColumn(string id, string path, string zh, string en, string type, IReadOnlyList<string>? values = null,
        int? min = null, int? max = null, bool required = false, string unit = "", string note = "")
    {
        Id = id; Path = path; Zh = zh; En = en; Type = type; Values = values ?? Array.Empty<string>();
        Min = min; Max = max; Required = required; Unit = unit; Note = note;
    }

    /// <summary>The column id, as an id header writes it (<c>id</c>, <c>tier</c>, <c>year</c>, <c>previous_year</c>…).</summary>
    public string Id { get; }

    /// <summary>The submission path its cell feeds (<c>subject.tier</c>, <c>year</c>, <c>previous.year</c>…).</summary>
    public string Path { get; }

    /// <summary>The Chinese header (机构编码, 医院级别…); a table may use it instead of the id.</summary>
    public string Zh { get; }

    /// <summary>The English name.</summary>
    public string En { get; }

    /// <summary>The header a template writes: the Chinese name, then the id in brackets (<c>机构编码 [id]</c>); the id decides when read.</summary>
    public string Header => $"{Zh} [{Id}]";

    /// <summary><c>text</c> or <c>integer</c>.</summary>
    public string Type { get; }

    /// <summary>The values the scorer accepts, when it accepts only these (kind, tier, category, ownership); empty otherwise.</summary>
    public IReadOnlyList<string> Values { get; }

    /// <summary>The smallest whole number accepted, for an integer column.</summary>
    public int? Min { get; }

    /// <summary>The largest whole number accepted, for an integer column.</summary>
    public int? Max { get; }

    /// <summary>Whether a row without it is rejected (subject id and year).</summary>
    public bool Required { get; }

    /// <summary>The unit of an integer column (张 for beds), or empty.</summary>
    public string Unit { get; }

    /// <summary>A short note on what the cell holds where its values do not say it (an example region, the year before), or empty.</summary>
    public string Note { get; }
}

/// <summary>The shape of a submission table beyond the data dictionary: the subject and period columns a template writes and a table may hold.</summary>
public static class SubmissionSchema
{
    /// <summary>
    /// The subject and period columns, in the order a template writes them: <c>id</c>, <c>name</c>, <c>kind</c>, <c>tier</c>,
    /// <c>category</c>, <c>ownership</c>, <c>region</c>, <c>beds</c>, <c>year</c>, <c>previous_year</c> (the last only when
    /// a rule set reads last year's values).
    /// </summary>
    public static IReadOnlyList<SubjectColumn> SubjectColumns { get; } = new SubjectColumn[]
    {
        new("id", "subject.id", "机构编码", "Subject id", "text", required: true),
        new("name", "subject.name", "机构名称", "Name", "text"),
        new("kind", "subject.kind", "对象类型", "Kind", "text", DataDictionary.Kinds),
        new("tier", "subject.tier", "医院级别", "Tier", "text", DataDictionary.Tiers),
        new("category", "subject.category", "医院类别", "Category", "text", DataDictionary.Categories),
        new("ownership", "subject.ownership", "所有制", "Ownership", "text", DataDictionary.Ownerships),
        new("region", "subject.region", "地区", "Region", "text", note: "e.g. CN-AH/bozhou/qiaocheng"),
        new("beds", "subject.beds", "实际开放床位", "Open beds", "integer", min: 0, unit: "张"),
        new("year", "year", "年度", "Assessment year", "integer", min: SubmissionJson.FirstYear, max: SubmissionJson.LastYear, required: true),
        new("previous_year", "previous.year", "上年年度", "Previous year", "integer", min: SubmissionJson.FirstYear, max: SubmissionJson.LastYear, note: "the year before"),
    };
}
