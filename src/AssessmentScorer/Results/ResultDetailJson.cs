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

        /// <summary>One document: ruleSet, detail, catalogue, aggregates, results (formatted in chunks on the cores, written in order).</summary>
        public static void Write(CohortResult c, Stream stream, ResultDetail detail, bool indented)
        {
            if (detail == ResultDetail.Full)
            {
                ResultJson.Write(c, stream, indented);
                return;
            }
            var options = indented ? Indented : Compact;
            using var w = new Utf8JsonWriter(stream, options);
            w.WriteStartObject();
            var catalogue = Header(w, c, detail);
            // The results are the root object's last property: written in chunks on the cores, copied in order.
            var results = c.Results;
            ChunkedJson.WriteResults(w, stream, options, results.Count, (x, i) => WriteResult(x, results[i], detail, catalogue!));
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
            var results = c.Results;
            // A line's indicators are at depth 3: the result, its indicators, the indicator.
            var texts = detail == ResultDetail.Full ? IndicatorTexts.For(results, Compact, 3) : null;
            ChunkedJson.WriteLines(stream, Compact, results.Count, (line, i) =>
            {
                if (detail == ResultDetail.Full) ResultJson.WriteResult(line, results[i], texts);
                else WriteResult(line, results[i], detail, catalogue!);
            });
        }

        private static Catalogue? Header(Utf8JsonWriter w, CohortResult c, ResultDetail detail)
        {
            ResultJson.WriteRuleSet(w, c.RuleSet);
            w.WriteString(ResultJson.P.Detail, Name(detail));
            Catalogue? catalogue = null;
            if (detail != ResultDetail.Full)
            {
                catalogue = new Catalogue(c.Results.Count > 0 ? c.Results[0] : null);
                catalogue.Write(w);
            }
            w.WriteStartArray(ResultJson.P.Aggregates);
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
                w.WriteStartObject(ResultJson.P.Catalogue);
                w.WriteStartArray(ResultJson.P.Dimensions);
                foreach (var d in _dimensionOrder)
                {
                    w.WriteStartObject();
                    w.WriteString(ResultJson.P.Id, d.Id);
                    w.WriteString(ResultJson.P.Name, d.Name);
                    w.WriteString(ResultJson.P.NameEn, d.NameEn);
                    ResultJson.Str(w, ResultJson.P.Parent, d.Parent);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteStartArray(ResultJson.P.Indicators);
                foreach (var i in _indicatorOrder)
                {
                    w.WriteStartObject();
                    w.WriteString(ResultJson.P.Id, i.Id);
                    w.WriteString(ResultJson.P.Name, i.Name);
                    w.WriteString(ResultJson.P.NameEn, i.NameEn);
                    ResultJson.Str(w, ResultJson.P.Dimension, i.Dimension);
                    w.WriteString(ResultJson.P.Method, i.Method);
                    ResultJson.Str(w, ResultJson.P.Source, i.Source);
                    w.WritePropertyName(ResultJson.P.DefinedIn);
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
            w.WriteNumber(ResultJson.P.Year, r.Year);
            ResultJson.WriteStanding(w, r);
            ResultJson.WriteVetoes(w, r.Vetoes);
            w.WriteStartArray(ResultJson.P.Dimensions);
            foreach (var d in r.PeekDimensions())
            {
                w.WriteStartObject();
                w.WriteString(ResultJson.P.Id, d.Id);
                if (catalogue.Dimension(d.Id) is not { } known || known.Name != d.Name || known.NameEn != d.NameEn || known.Parent != d.Parent)
                {
                    w.WriteString(ResultJson.P.Name, d.Name);
                    w.WriteString(ResultJson.P.NameEn, d.NameEn);
                    ResultJson.Str(w, ResultJson.P.Parent, d.Parent);
                }
                w.WriteNumber(ResultJson.P.Points, Fmt.Normalize(d.Points));
                w.WriteNumber(ResultJson.P.MaxPoints, Fmt.Normalize(d.MaxPoints));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            if (detail == ResultDetail.Indicators)
            {
                w.WriteStartArray(ResultJson.P.Indicators);
                foreach (var i in r.Indicators) WriteIndicator(w, i, catalogue.Indicator(i.Id));
                w.WriteEndArray();
            }
            w.WriteStartArray(ResultJson.P.Reasons);
            foreach (var x in r.PeekReasons())
            {
                w.WriteStartObject();
                w.WriteString(ResultJson.P.IndicatorId, x.IndicatorId);
                w.WriteNumber(ResultJson.P.PointsLost, Fmt.Normalize(x.PointsLost));
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
            w.WriteString(ResultJson.P.Id, i.Id);
            if (known is null || known.Name != i.Name || known.NameEn != i.NameEn) { w.WriteString(ResultJson.P.Name, i.Name); w.WriteString(ResultJson.P.NameEn, i.NameEn); }
            if (known is null || known.Dimension != i.Dimension) ResultJson.Str(w, ResultJson.P.Dimension, i.Dimension);
            ResultJson.WriteValue(w, i.Value);
            ResultJson.Str(w, ResultJson.P.DisplayValue, i.DisplayValue);
            ResultJson.Str(w, ResultJson.P.Target, i.Target);
            ResultJson.Bool(w, ResultJson.P.Met, i.Met);
            w.WriteNumber(ResultJson.P.Points, Fmt.Normalize(i.Points));
            w.WriteNumber(ResultJson.P.MaxPoints, Fmt.Normalize(i.MaxPoints));
            w.WriteString(ResultJson.P.Status, ResultJson.Status(i.Status));
            if (known is null || known.Method != i.Method) w.WriteString(ResultJson.P.Method, i.Method);
            ResultJson.WriteExplanation(w, i.Explanation);
            if (known is null || known.Source != i.Source) ResultJson.Str(w, ResultJson.P.Source, i.Source);
            if (known is null || !ReferenceEquals(known.DefinedIn, i.DefinedIn) && !Equals(known.DefinedIn, i.DefinedIn))
            {
                w.WritePropertyName(ResultJson.P.DefinedIn);
                ResultJson.WriteOrigin(w, i.DefinedIn);
            }
            w.WriteStartArray(ResultJson.P.MissingData);
            foreach (var m in i.MissingData) w.WriteStringValue(m);
            w.WriteEndArray();
            if (i.Cohort is { } c) { w.WritePropertyName(ResultJson.P.Cohort); ResultJson.WriteStanding(w, c); }
            w.WriteEndObject();
        }

    }
}
