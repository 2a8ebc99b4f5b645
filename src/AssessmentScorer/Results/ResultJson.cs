using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace AssessmentScorer.Results;

/// <summary>Writes results as camelCase JSON by hand so the bytes never depend on culture, reflection order or threads.</summary>
internal static class ResultJson
{
    private static readonly JsonWriterOptions Indented = new() { Indented = true, NewLine = "\n", Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonWriterOptions Compact = new() { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(AssessmentResult r, bool indented) => Render(w => WriteResult(w, r, null), indented);

    public static string Write(CohortResult c, bool indented) => Render(w => WriteCohort(w, c, flushEachResult: false), indented);

    /// <summary>
    /// Streams a cohort to <paramref name="stream"/>: the same bytes as <see cref="Write(CohortResult, bool)"/>, the results
    /// formatted a chunk at a time on the cores while earlier chunks are written (<see cref="ChunkedJson"/>), so memory
    /// stays flat however large the cohort.
    /// </summary>
    public static void Write(CohortResult c, Stream stream, bool indented)
    {
        var options = indented ? Indented : Compact;
        using var w = new Utf8JsonWriter(stream, options);
        WriteHead(w, c);
        var results = c.Results;
        var texts = IndicatorTexts.For(results, options, IndicatorDepth);
        ChunkedJson.WriteResults(w, stream, options, results.Count, (x, i) => WriteResult(x, results[i], texts));
    }

    // The depth of an indicator's properties in a cohort document: root, results, result, indicators, indicator.
    private const int IndicatorDepth = 5;

    private static void WriteCohort(Utf8JsonWriter w, CohortResult c, bool flushEachResult)
    {
        WriteHead(w, c);
        var texts = IndicatorTexts.For(c.Results, w.Options, IndicatorDepth);
        w.WriteStartArray(P.Results);
        foreach (var r in c.Results)
        {
            WriteResult(w, r, texts);
            if (flushEachResult) w.Flush();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteHead(Utf8JsonWriter w, CohortResult c)
    {
        w.WriteStartObject();
        WriteRuleSet(w, c.RuleSet);
        w.WriteStartArray(P.Aggregates);
        foreach (var a in c.Aggregates) WriteAggregate(w, a);
        w.WriteEndArray();
    }

    public static string Render(Action<Utf8JsonWriter> body, bool indented)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(4096);
        using (var w = new Utf8JsonWriter(buffer, indented ? Indented : Compact)) body(w);
        return Encoding.UTF8.GetString(buffer.WrittenSpan).Replace("\r\n", "\n");
    }

    internal static void WriteCoverage(Utf8JsonWriter w, CoverageResult c)
    {
        w.WriteStartObject(P.Coverage);
        w.WriteNumber(P.Points, Fmt.Normalize(c.Points));
        w.WriteNumber(P.FullPoints, Fmt.Normalize(c.FullPoints));
        if (c.Share is { } s) w.WriteNumber(P.Share, Fmt.Normalize(s)); else w.WriteNull(P.Share);
        if (c.Minimum is { } m) w.WriteNumber(P.Minimum, Fmt.Normalize(m)); else w.WriteNull(P.Minimum);
        if (c.GradeWithheld is { } e)
        {
            w.WriteStartObject(P.GradeWithheld);
            w.WriteString(P.Zh, e.Zh);
            w.WriteString(P.En, e.En);
            w.WriteEndObject();
        }
        else w.WriteNull(P.GradeWithheld);
        w.WriteEndObject();
    }

    internal static void WriteResult(Utf8JsonWriter w, AssessmentResult r, IndicatorTexts? texts)
    {
        w.WriteStartObject();
        WriteSubject(w, r.Subject);
        w.WriteNumber(P.Year, r.Year);
        WriteRuleSet(w, r.RuleSet);
        WriteStanding(w, r);
        WriteVetoes(w, r.Vetoes);
        w.WriteStartArray(P.Dimensions);
        foreach (var d in r.PeekDimensions())
        {
            w.WriteStartObject();
            w.WriteString(P.Id, d.Id);
            w.WriteString(P.Name, d.Name);
            w.WriteString(P.NameEn, d.NameEn);
            Str(w, P.Parent, d.Parent);
            w.WriteNumber(P.Points, Fmt.Normalize(d.Points));
            w.WriteNumber(P.MaxPoints, Fmt.Normalize(d.MaxPoints));
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray(P.Indicators);
        var indicators = r.Indicators;
        for (var j = 0; j < indicators.Count; j++) WriteIndicator(w, indicators[j], texts?.At(j));
        w.WriteEndArray();
        w.WriteStartArray(P.Reasons);
        foreach (var x in r.PeekReasons())
        {
            w.WriteStartObject();
            w.WriteString(P.IndicatorId, x.IndicatorId);
            w.WriteString(P.Name, x.Name);
            w.WriteString(P.NameEn, x.NameEn);
            w.WriteNumber(P.PointsLost, Fmt.Normalize(x.PointsLost));
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
        w.WriteNumber(P.Total, Fmt.Normalize(r.Total));
        w.WriteNumber(P.MaxTotal, Fmt.Normalize(r.MaxTotal));
        if (r.Coverage is { } cov) WriteCoverage(w, cov); else w.WriteNull(P.Coverage);
        Str(w, P.Grade, r.Grade);
        Bool(w, P.Passed, r.Passed);
        w.WriteBoolean(P.DataComplete, r.DataComplete);
        if (r.Cohort is { } c) { w.WritePropertyName(P.Cohort); WriteStanding(w, c); } else w.WriteNull(P.Cohort);
        if (r.NextGrade is { } g)
        {
            w.WriteStartObject(P.NextGrade);
            w.WriteString(P.Grade, g.Grade);
            w.WriteNumber(P.PointsNeeded, Fmt.Normalize(g.PointsNeeded));
            w.WriteEndObject();
        }
        else w.WriteNull(P.NextGrade);
    }

    internal static void WriteVetoes(Utf8JsonWriter w, IReadOnlyList<VetoResult> vetoes)
    {
        w.WriteStartArray(P.Vetoes);
        foreach (var v in vetoes)
        {
            w.WriteStartObject();
            w.WriteString(P.Id, v.Id);
            w.WriteString(P.Name, v.Name);
            w.WriteString(P.NameEn, v.NameEn);
            Bool(w, P.Triggered, v.Triggered);
            w.WriteString(P.Effect, v.Effect);
            Str(w, P.CapGrade, v.CapGrade);
            WriteExplanation(w, v.Explanation);
            Str(w, P.Source, v.Source);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    internal static void WriteProblems(Utf8JsonWriter w, IReadOnlyList<Problem> problems)
    {
        w.WriteStartArray(P.Problems);
        foreach (var p in problems)
        {
            w.WriteStartObject();
            w.WriteString(P.Field, p.Field);
            w.WriteString(P.Code, p.Code);
            w.WriteString(P.Message, p.Message);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    internal static void WriteValue(Utf8JsonWriter w, object? value)
    {
        switch (value)
        {
            case decimal d: w.WriteNumber(P.Value, d); break;
            case string s: w.WriteString(P.Value, s); break;
            case bool b: w.WriteBoolean(P.Value, b); break;
            default: w.WriteNull(P.Value); break;
        }
    }

    internal static void WriteSubject(Utf8JsonWriter w, Subject s)
    {
        w.WriteStartObject(P.Subject);
        w.WriteString(P.Id, s.Id);
        Str(w, P.Name, s.Name);
        Str(w, P.Kind, s.Kind);
        Str(w, P.Tier, s.Tier);
        Str(w, P.Category, s.Category);
        Str(w, P.Ownership, s.Ownership);
        Str(w, P.Region, s.Region);
        if (s.Beds is { } b) w.WriteNumber(P.Beds, b); else w.WriteNull(P.Beds);
        w.WriteEndObject();
    }

    internal static void WriteRuleSet(Utf8JsonWriter w, RuleSetRef r)
    {
        w.WriteStartObject(P.RuleSet);
        w.WriteString(P.Scheme, r.Scheme);
        w.WriteString(P.Version, r.Version);
        w.WriteString(P.Digest, r.Digest);
        w.WriteEndObject();
    }

    private static void WriteIndicator(Utf8JsonWriter w, IndicatorResult i, IndicatorTexts.Entry? t)
    {
        // Nearly every indicator of a cohort is copied from its fragments; the rest (results built by hand, text with a
        // surrogate, another depth) are written property by property, the same bytes.
        if (t is not null && t.TryWrite(w, i)) return;
        w.WriteStartObject();
        w.WriteString(P.Id, i.Id);
        w.WriteString(P.Name, i.Name);
        w.WriteString(P.NameEn, i.NameEn);
        Str(w, P.Dimension, i.Dimension);
        WriteValue(w, i.Value);
        Str(w, P.DisplayValue, i.DisplayValue);
        Str(w, P.Target, i.Target);
        Bool(w, P.Met, i.Met);
        w.WriteNumber(P.Points, Fmt.Normalize(i.Points));
        w.WriteNumber(P.MaxPoints, Fmt.Normalize(i.MaxPoints));
        if ((uint)i.Status < (uint)StatusText.Length) w.WriteString(P.Status, StatusText[(int)i.Status]); else w.WriteString(P.Status, Status(i.Status));
        w.WriteString(P.Method, i.Method);
        WriteExplanation(w, i.Explanation);
        Str(w, P.Source, i.Source);
        w.WritePropertyName(P.DefinedIn);
        WriteOrigin(w, i.DefinedIn);
        w.WriteStartArray(P.MissingData);
        foreach (var m in i.MissingData) w.WriteStringValue(m);
        w.WriteEndArray();
        if (i.Cohort is { } c) { w.WritePropertyName(P.Cohort); WriteStanding(w, c); }
        w.WriteEndObject();
    }

    internal static void WriteOrigin(Utf8JsonWriter w, RuleOrigin o)
    {
        w.WriteStartObject();
        w.WriteString(P.File, o.File);
        w.WriteString(P.Scheme, o.Scheme);
        w.WriteString(P.Version, o.Version);
        if (o.Overrides.Count > 0)
        {
            w.WriteStartArray(P.Overrides);
            foreach (var k in o.Overrides) w.WriteStringValue(k);
            w.WriteEndArray();
        }
        if (o.Base is { } b) { w.WritePropertyName(P.Base); WriteOrigin(w, b); }
        w.WriteEndObject();
    }

    internal static void WriteStanding(Utf8JsonWriter w, CohortStanding c)
    {
        w.WriteStartObject();
        w.WriteString(P.Stratum, c.Stratum);
        w.WriteNumber(P.Rank, c.Rank);
        w.WriteNumber(P.Of, c.Of);
        w.WriteNumber(P.Percentile, Fmt.Normalize(c.Percentile));
        w.WriteEndObject();
    }

    internal static void WriteAggregate(Utf8JsonWriter w, AggregateResult a)
    {
        w.WriteStartObject();
        w.WriteString(P.Id, a.Id);
        w.WriteString(P.Name, a.Name);
        w.WriteString(P.NameEn, a.NameEn);
        w.WriteString(P.Kind, a.Kind);
        w.WriteNumber(P.InScope, a.InScope);
        w.WriteNumber(P.Counted, a.Counted);
        w.WriteStartArray(P.MissingSubjects);
        foreach (var m in a.MissingSubjects) w.WriteStringValue(m);
        w.WriteEndArray();
        if (a.Value is { } v) w.WriteNumber(P.Value, v); else w.WriteNull(P.Value);
        Str(w, P.DisplayValue, a.DisplayValue);
        Str(w, P.Target, a.Target);
        Bool(w, P.Met, a.Met);
        WriteExplanation(w, a.Explanation);
        Str(w, P.Source, a.Source);
        w.WriteEndObject();
    }

    internal static void WriteExplanation(Utf8JsonWriter w, Explanation e)
    {
        w.WriteStartObject(P.Explanation);
        w.WriteString(P.Zh, e.Zh);
        w.WriteString(P.En, e.En);
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

    // The status names encoded once, in IndicatorStatus order.
    private static readonly JsonEncodedText[] StatusText = Enum.GetValues<IndicatorStatus>().Select(s => JsonEncodedText.Encode(Status(s))).ToArray();

    internal static void Str(Utf8JsonWriter w, JsonEncodedText name, string? value)
    {
        if (value is null) w.WriteNull(name); else w.WriteString(name, value);
    }

    internal static void Bool(Utf8JsonWriter w, JsonEncodedText name, bool? value)
    {
        if (value is null) w.WriteNull(name); else w.WriteBoolean(name, value.Value);
    }

    /// <summary>Every property name the results carry, encoded once.</summary>
    internal static class P
    {
        public static readonly JsonEncodedText Id = E("id"), Name = E("name"), NameEn = E("nameEn"), Dimension = E("dimension"), Value = E("value"),
            DisplayValue = E("displayValue"), Target = E("target"), Met = E("met"), Points = E("points"), MaxPoints = E("maxPoints"), Status = E("status"),
            Method = E("method"), Source = E("source"), DefinedIn = E("definedIn"), MissingData = E("missingData"), Cohort = E("cohort"),
            Explanation = E("explanation"), Zh = E("zh"), En = E("en"), Results = E("results"), Aggregates = E("aggregates"), Indicators = E("indicators"),
            Dimensions = E("dimensions"), Reasons = E("reasons"), Problems = E("problems"), Vetoes = E("vetoes"), Parent = E("parent"),
            IndicatorId = E("indicatorId"), PointsLost = E("pointsLost"), Year = E("year"), Total = E("total"), MaxTotal = E("maxTotal"),
            Coverage = E("coverage"), FullPoints = E("fullPoints"), Share = E("share"), Minimum = E("minimum"), GradeWithheld = E("gradeWithheld"),
            Grade = E("grade"), Passed = E("passed"), DataComplete = E("dataComplete"), NextGrade = E("nextGrade"), PointsNeeded = E("pointsNeeded"),
            Triggered = E("triggered"), Effect = E("effect"), CapGrade = E("capGrade"), Field = E("field"), Code = E("code"), Message = E("message"),
            Subject = E("subject"), Kind = E("kind"), Tier = E("tier"), Category = E("category"), Ownership = E("ownership"), Region = E("region"),
            Beds = E("beds"), RuleSet = E("ruleSet"), Scheme = E("scheme"), Version = E("version"), Digest = E("digest"), File = E("file"),
            Overrides = E("overrides"), Base = E("base"), Stratum = E("stratum"), Rank = E("rank"), Of = E("of"), Percentile = E("percentile"),
            InScope = E("inScope"), Counted = E("counted"), MissingSubjects = E("missingSubjects"), Detail = E("detail"), Catalogue = E("catalogue");

        private static JsonEncodedText E(string name) => JsonEncodedText.Encode(name);
    }
}
