using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace AssessmentScorer.Results;

/// <summary>Writes results as camelCase JSON by hand so the bytes never depend on culture, reflection order or threads.</summary>
internal static class ResultJson
{
    private static readonly JsonWriterOptions Indented = new() { Indented = true, NewLine = "\n", Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonWriterOptions Compact = new() { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(AssessmentResult r, bool indented) => Render(w => WriteResult(w, r), indented);

    public static string Write(CohortResult c, bool indented) => Render(w => WriteCohort(w, c, flushEachResult: false), indented);

    /// <summary>Streams a cohort to <paramref name="stream"/>, flushing after each result so memory stays flat however large the cohort.</summary>
    public static void Write(CohortResult c, Stream stream, bool indented)
    {
        using var w = new Utf8JsonWriter(stream, indented ? Indented : Compact);
        WriteCohort(w, c, flushEachResult: true);
    }

    private static void WriteCohort(Utf8JsonWriter w, CohortResult c, bool flushEachResult)
    {
        w.WriteStartObject();
        WriteRuleSet(w, c.RuleSet);
        w.WriteStartArray("aggregates");
        foreach (var a in c.Aggregates) WriteAggregate(w, a);
        w.WriteEndArray();
        w.WriteStartArray("results");
        foreach (var r in c.Results)
        {
            WriteResult(w, r);
            if (flushEachResult) w.Flush();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static string Render(Action<Utf8JsonWriter> body, bool indented)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(4096);
        using (var w = new Utf8JsonWriter(buffer, indented ? Indented : Compact)) body(w);
        return Encoding.UTF8.GetString(buffer.WrittenSpan).Replace("\r\n", "\n");
    }

    internal static void WriteCoverage(Utf8JsonWriter w, CoverageResult c)
    {
        w.WriteStartObject("coverage");
        w.WriteNumber("points", Fmt.Normalize(c.Points));
        w.WriteNumber("fullPoints", Fmt.Normalize(c.FullPoints));
        if (c.Share is { } s) w.WriteNumber("share", Fmt.Normalize(s)); else w.WriteNull("share");
        if (c.Minimum is { } m) w.WriteNumber("minimum", Fmt.Normalize(m)); else w.WriteNull("minimum");
        if (c.GradeWithheld is { } e)
        {
            w.WriteStartObject("gradeWithheld");
            w.WriteString("zh", e.Zh);
            w.WriteString("en", e.En);
            w.WriteEndObject();
        }
        else w.WriteNull("gradeWithheld");
        w.WriteEndObject();
    }

    internal static void WriteResult(Utf8JsonWriter w, AssessmentResult r)
    {
        w.WriteStartObject();
        WriteSubject(w, r.Subject);
        w.WriteNumber("year", r.Year);
        WriteRuleSet(w, r.RuleSet);
        WriteStanding(w, r);
        WriteVetoes(w, r.Vetoes);
        w.WriteStartArray("dimensions");
        foreach (var d in r.PeekDimensions())
        {
            w.WriteStartObject();
            w.WriteString("id", d.Id);
            w.WriteString("name", d.Name);
            w.WriteString("nameEn", d.NameEn);
            Str(w, "parent", d.Parent);
            w.WriteNumber("points", Fmt.Normalize(d.Points));
            w.WriteNumber("maxPoints", Fmt.Normalize(d.MaxPoints));
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("indicators");
        foreach (var i in r.Indicators) WriteIndicator(w, i);
        w.WriteEndArray();
        w.WriteStartArray("reasons");
        foreach (var x in r.PeekReasons())
        {
            w.WriteStartObject();
            w.WriteString("indicatorId", x.IndicatorId);
            w.WriteString("name", x.Name);
            w.WriteString("nameEn", x.NameEn);
            w.WriteNumber("pointsLost", Fmt.Normalize(x.PointsLost));
            WriteExplanation(w, x.Explanation);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        WriteProblems(w, r.Problems);
        w.WriteEndObject();
    }

    /// <summary>Totals, coverage, grade, pass, data completeness, cohort standing and the gap to the next grade.</summary>
    internal static void WriteStanding(Utf8JsonWriter w, AssessmentResult r)
    {
        w.WriteNumber("total", Fmt.Normalize(r.Total));
        w.WriteNumber("maxTotal", Fmt.Normalize(r.MaxTotal));
        if (r.Coverage is { } cov) WriteCoverage(w, cov); else w.WriteNull("coverage");
        Str(w, "grade", r.Grade);
        Bool(w, "passed", r.Passed);
        w.WriteBoolean("dataComplete", r.DataComplete);
        if (r.Cohort is { } c) { w.WritePropertyName("cohort"); WriteStanding(w, c); } else w.WriteNull("cohort");
        if (r.NextGrade is { } g)
        {
            w.WriteStartObject("nextGrade");
            w.WriteString("grade", g.Grade);
            w.WriteNumber("pointsNeeded", Fmt.Normalize(g.PointsNeeded));
            w.WriteEndObject();
        }
        else w.WriteNull("nextGrade");
    }

    internal static void WriteVetoes(Utf8JsonWriter w, IReadOnlyList<VetoResult> vetoes)
    {
        w.WriteStartArray("vetoes");
        foreach (var v in vetoes)
        {
            w.WriteStartObject();
            w.WriteString("id", v.Id);
            w.WriteString("name", v.Name);
            w.WriteString("nameEn", v.NameEn);
            Bool(w, "triggered", v.Triggered);
            w.WriteString("effect", v.Effect);
            Str(w, "capGrade", v.CapGrade);
            WriteExplanation(w, v.Explanation);
            Str(w, "source", v.Source);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    internal static void WriteProblems(Utf8JsonWriter w, IReadOnlyList<Problem> problems)
    {
        w.WriteStartArray("problems");
        foreach (var p in problems)
        {
            w.WriteStartObject();
            w.WriteString("field", p.Field);
            w.WriteString("code", p.Code);
            w.WriteString("message", p.Message);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    internal static void WriteValue(Utf8JsonWriter w, object? value)
    {
        switch (value)
        {
            case decimal d: w.WriteNumber("value", d); break;
            case string s: w.WriteString("value", s); break;
            case bool b: w.WriteBoolean("value", b); break;
            default: w.WriteNull("value"); break;
        }
    }

    internal static void WriteSubject(Utf8JsonWriter w, Subject s)
    {
        w.WriteStartObject("subject");
        w.WriteString("id", s.Id);
        Str(w, "name", s.Name);
        Str(w, "kind", s.Kind);
        Str(w, "tier", s.Tier);
        Str(w, "category", s.Category);
        Str(w, "ownership", s.Ownership);
        Str(w, "region", s.Region);
        if (s.Beds is { } b) w.WriteNumber("beds", b); else w.WriteNull("beds");
        w.WriteEndObject();
    }

    internal static void WriteRuleSet(Utf8JsonWriter w, RuleSetRef r)
    {
        w.WriteStartObject("ruleSet");
        w.WriteString("scheme", r.Scheme);
        w.WriteString("version", r.Version);
        w.WriteString("digest", r.Digest);
        w.WriteEndObject();
    }

    private static void WriteIndicator(Utf8JsonWriter w, IndicatorResult i)
    {
        w.WriteStartObject();
        w.WriteString("id", i.Id);
        w.WriteString("name", i.Name);
        w.WriteString("nameEn", i.NameEn);
        Str(w, "dimension", i.Dimension);
        WriteValue(w, i.Value);
        Str(w, "displayValue", i.DisplayValue);
        Str(w, "target", i.Target);
        Bool(w, "met", i.Met);
        w.WriteNumber("points", Fmt.Normalize(i.Points));
        w.WriteNumber("maxPoints", Fmt.Normalize(i.MaxPoints));
        w.WriteString("status", Status(i.Status));
        w.WriteString("method", i.Method);
        WriteExplanation(w, i.Explanation);
        Str(w, "source", i.Source);
        w.WritePropertyName("definedIn");
        WriteOrigin(w, i.DefinedIn);
        w.WriteStartArray("missingData");
        foreach (var m in i.MissingData) w.WriteStringValue(m);
        w.WriteEndArray();
        if (i.Cohort is { } c) { w.WritePropertyName("cohort"); WriteStanding(w, c); }
        w.WriteEndObject();
    }

    internal static void WriteOrigin(Utf8JsonWriter w, RuleOrigin o)
    {
        w.WriteStartObject();
        w.WriteString("file", o.File);
        w.WriteString("scheme", o.Scheme);
        w.WriteString("version", o.Version);
        if (o.Overrides.Count > 0)
        {
            w.WriteStartArray("overrides");
            foreach (var k in o.Overrides) w.WriteStringValue(k);
            w.WriteEndArray();
        }
        if (o.Base is { } b) { w.WritePropertyName("base"); WriteOrigin(w, b); }
        w.WriteEndObject();
    }

    internal static void WriteStanding(Utf8JsonWriter w, CohortStanding c)
    {
        w.WriteStartObject();
        w.WriteString("stratum", c.Stratum);
        w.WriteNumber("rank", c.Rank);
        w.WriteNumber("of", c.Of);
        w.WriteNumber("percentile", Fmt.Normalize(c.Percentile));
        w.WriteEndObject();
    }

    internal static void WriteAggregate(Utf8JsonWriter w, AggregateResult a)
    {
        w.WriteStartObject();
        w.WriteString("id", a.Id);
        w.WriteString("name", a.Name);
        w.WriteString("nameEn", a.NameEn);
        w.WriteString("kind", a.Kind);
        w.WriteNumber("inScope", a.InScope);
        w.WriteNumber("counted", a.Counted);
        w.WriteStartArray("missingSubjects");
        foreach (var m in a.MissingSubjects) w.WriteStringValue(m);
        w.WriteEndArray();
        if (a.Value is { } v) w.WriteNumber("value", v); else w.WriteNull("value");
        Str(w, "displayValue", a.DisplayValue);
        Str(w, "target", a.Target);
        Bool(w, "met", a.Met);
        WriteExplanation(w, a.Explanation);
        Str(w, "source", a.Source);
        w.WriteEndObject();
    }

    internal static void WriteExplanation(Utf8JsonWriter w, Explanation e)
    {
        w.WriteStartObject("explanation");
        w.WriteString("zh", e.Zh);
        w.WriteString("en", e.En);
        w.WriteEndObject();
    }

    public static string Status(IndicatorStatus s) => s switch
    {
        IndicatorStatus.Scored => "scored",
        IndicatorStatus.Missing => "missing",
        IndicatorStatus.NotApplicable => "notApplicable",
        IndicatorStatus.Undefined => "undefined",
        _ => "vetoed",
    };

    private static void Str(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null) w.WriteNull(name); else w.WriteString(name, value);
    }

    private static void Bool(Utf8JsonWriter w, string name, bool? value)
    {
        if (value is null) w.WriteNull(name); else w.WriteBoolean(name, value.Value);
    }
}
