using System.Text.Encodings.Web;
using System.Text.Json;

namespace AssessmentScorer
{
    /// <summary>How much of each result a JSON output of several results carries (docs/submission-format.md, "Results").</summary>
    public enum ResultDetail
    {
        /// <summary>Everything, as <see cref="AssessmentResult.ToJson"/> writes it (rule-set constants repeated in every result).</summary>
        Full,
        /// <summary>
        /// Each result's indicators with their values, points, status and explanations; the rule-set constants (indicator
        /// names, dimensions, methods, sources, where each rule is defined) written once, in the document's <c>catalogue</c>.
        /// </summary>
        Indicators,
        /// <summary>Each result's totals, grade, standing, coverage, dimension points, reasons (by indicator id), vetoes and problems; no indicators.</summary>
        Summary,
    }
}

namespace AssessmentScorer.Results
{
    /// <summary>
    /// Results written with the rule-set constants once (<see cref="ResultDetail.Indicators"/>, <see cref="ResultDetail.Summary"/>),
    /// as one JSON document or as JSON lines (a header line, then one line per result). Nothing is lost: an indicator
    /// whose name, dimension, method, source or origin differs from the catalogue's entry carries its own.
    /// </summary>
    internal static class ResultDetailJson
    {
        private static readonly JsonWriterOptions Indented = new() { Indented = true, NewLine = "\n", Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        private static readonly JsonWriterOptions Compact = new() { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        public static string Name(ResultDetail d) => d switch { ResultDetail.Indicators => "indicators", ResultDetail.Summary => "summary", _ => "full" };

        /// <summary>One document: ruleSet, detail, catalogue, aggregates, results; flushed after each result.</summary>
        public static void Write(CohortResult c, Stream stream, ResultDetail detail, bool indented)
        {
            if (detail == ResultDetail.Full)
            {
                ResultJson.Write(c, stream, indented);
                return;
            }
            using var w = new Utf8JsonWriter(stream, indented ? Indented : Compact);
            w.WriteStartObject();
            var catalogue = Header(w, c, detail);
            w.WriteStartArray("results");
            foreach (var r in c.Results)
            {
                WriteResult(w, r, detail, catalogue!);
                w.Flush();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }

        /// <summary>JSON lines: the header (ruleSet, detail, catalogue, aggregates) on the first line, then one result per line.</summary>
        public static void WriteLines(CohortResult c, Stream stream, ResultDetail detail)
        {
            Catalogue? catalogue;
            using (var w = new Utf8JsonWriter(stream, Compact))
            {
                w.WriteStartObject();
                catalogue = Header(w, c, detail);
                w.WriteEndObject();
            }
            stream.WriteByte((byte)'\n');
            var line = new Utf8JsonWriter(stream, Compact);
            try
            {
                foreach (var r in c.Results)
                {
                    if (detail == ResultDetail.Full) ResultJson.WriteResult(line, r);
                    else WriteResult(line, r, detail, catalogue!);
                    line.Flush();
                    line.Reset(stream);
                    stream.WriteByte((byte)'\n');
                }
            }
            finally { line.Dispose(); }
        }

        private static Catalogue? Header(Utf8JsonWriter w, CohortResult c, ResultDetail detail)
        {
            ResultJson.WriteRuleSet(w, c.RuleSet);
            w.WriteString("detail", Name(detail));
            Catalogue? catalogue = null;
            if (detail != ResultDetail.Full)
            {
                catalogue = new Catalogue(c.Results.Count > 0 ? c.Results[0] : null);
                catalogue.Write(w);
            }
            w.WriteStartArray("aggregates");
            foreach (var a in c.Aggregates) ResultJson.WriteAggregate(w, a);
            w.WriteEndArray();
            return catalogue;
        }

        /// <summary>The rule-set constants, as the first result carries them (every result of a rule set carries the same).</summary>
        private sealed class Catalogue
        {
            private readonly Dictionary<string, IndicatorResult> _indicators = new(StringComparer.Ordinal);
            private readonly Dictionary<string, DimensionResult> _dimensions = new(StringComparer.Ordinal);
            private readonly List<IndicatorResult> _indicatorOrder = new();
            private readonly List<DimensionResult> _dimensionOrder = new();

            public Catalogue(AssessmentResult? first)
            {
                if (first is null) return;
                foreach (var i in first.Indicators)
                    if (_indicators.TryAdd(i.Id, i)) _indicatorOrder.Add(i);
                foreach (var d in first.PeekDimensions())
                    if (_dimensions.TryAdd(d.Id, d)) _dimensionOrder.Add(d);
            }

            public IndicatorResult? Indicator(string id) => _indicators.GetValueOrDefault(id);

            public DimensionResult? Dimension(string id) => _dimensions.GetValueOrDefault(id);

            public void Write(Utf8JsonWriter w)
            {
                w.WriteStartObject("catalogue");
                w.WriteStartArray("dimensions");
                foreach (var d in _dimensionOrder)
                {
                    w.WriteStartObject();
                    w.WriteString("id", d.Id);
                    w.WriteString("name", d.Name);
                    w.WriteString("nameEn", d.NameEn);
                    Str(w, "parent", d.Parent);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteStartArray("indicators");
                foreach (var i in _indicatorOrder)
                {
                    w.WriteStartObject();
                    w.WriteString("id", i.Id);
                    w.WriteString("name", i.Name);
                    w.WriteString("nameEn", i.NameEn);
                    Str(w, "dimension", i.Dimension);
                    w.WriteString("method", i.Method);
                    Str(w, "source", i.Source);
                    w.WritePropertyName("definedIn");
                    ResultJson.WriteOrigin(w, i.DefinedIn);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
        }

        private static void WriteResult(Utf8JsonWriter w, AssessmentResult r, ResultDetail detail, Catalogue catalogue)
        {
            w.WriteStartObject();
            ResultJson.WriteSubject(w, r.Subject);
            w.WriteNumber("year", r.Year);
            ResultJson.WriteStanding(w, r);
            ResultJson.WriteVetoes(w, r.Vetoes);
            w.WriteStartArray("dimensions");
            foreach (var d in r.PeekDimensions())
            {
                w.WriteStartObject();
                w.WriteString("id", d.Id);
                if (catalogue.Dimension(d.Id) is not { } known || known.Name != d.Name || known.NameEn != d.NameEn || known.Parent != d.Parent)
                {
                    w.WriteString("name", d.Name);
                    w.WriteString("nameEn", d.NameEn);
                    Str(w, "parent", d.Parent);
                }
                w.WriteNumber("points", Fmt.Normalize(d.Points));
                w.WriteNumber("maxPoints", Fmt.Normalize(d.MaxPoints));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            if (detail == ResultDetail.Indicators)
            {
                w.WriteStartArray("indicators");
                foreach (var i in r.Indicators) WriteIndicator(w, i, catalogue.Indicator(i.Id));
                w.WriteEndArray();
            }
            w.WriteStartArray("reasons");
            foreach (var x in r.PeekReasons())
            {
                w.WriteStartObject();
                w.WriteString("indicatorId", x.IndicatorId);
                w.WriteNumber("pointsLost", Fmt.Normalize(x.PointsLost));
                if (detail == ResultDetail.Indicators) ResultJson.WriteExplanation(w, x.Explanation);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            ResultJson.WriteProblems(w, r.Problems);
            w.WriteEndObject();
        }

        private static void WriteIndicator(Utf8JsonWriter w, IndicatorResult i, IndicatorResult? known)
        {
            w.WriteStartObject();
            w.WriteString("id", i.Id);
            if (known is null || known.Name != i.Name || known.NameEn != i.NameEn) { w.WriteString("name", i.Name); w.WriteString("nameEn", i.NameEn); }
            if (known is null || known.Dimension != i.Dimension) Str(w, "dimension", i.Dimension);
            ResultJson.WriteValue(w, i.Value);
            Str(w, "displayValue", i.DisplayValue);
            Str(w, "target", i.Target);
            Bool(w, "met", i.Met);
            w.WriteNumber("points", Fmt.Normalize(i.Points));
            w.WriteNumber("maxPoints", Fmt.Normalize(i.MaxPoints));
            w.WriteString("status", ResultJson.Status(i.Status));
            if (known is null || known.Method != i.Method) w.WriteString("method", i.Method);
            ResultJson.WriteExplanation(w, i.Explanation);
            if (known is null || known.Source != i.Source) Str(w, "source", i.Source);
            if (known is null || !ReferenceEquals(known.DefinedIn, i.DefinedIn) && !Equals(known.DefinedIn, i.DefinedIn))
            {
                w.WritePropertyName("definedIn");
                ResultJson.WriteOrigin(w, i.DefinedIn);
            }
            w.WriteStartArray("missingData");
            foreach (var m in i.MissingData) w.WriteStringValue(m);
            w.WriteEndArray();
            if (i.Cohort is { } c) { w.WritePropertyName("cohort"); ResultJson.WriteStanding(w, c); }
            w.WriteEndObject();
        }

        private static void Str(Utf8JsonWriter w, string name, string? value)
        {
            if (value is null) w.WriteNull(name); else w.WriteString(name, value);
        }

        private static void Bool(Utf8JsonWriter w, string name, bool? value)
        {
            if (value is null) w.WriteNull(name); else w.WriteBoolean(name, value.Value);
        }
    }
}
