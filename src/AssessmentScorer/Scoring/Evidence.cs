namespace AssessmentScorer.Scoring;

/// <summary>
/// Reading a task's evidence. Documents count once each (the same name reported twice is one document). With
/// <c>evidence_match: names</c> every required name needs a document of its own that names it: a required name is found
/// in a document name when it appears there as a part; <c>a|b</c> accepts either; <c>a+b</c> needs one document naming
/// both (<c>1月+安全分析会</c>); a number in a name matches only a whole number (<c>1月</c> is not found in <c>11月会议记录</c>).
/// </summary>
internal static class Evidence
{
    /// <summary>The distinct documents reported (blank names left out, surrounding spaces ignored), in reported order.</summary>
    public static List<string> Distinct(IReadOnlyList<string> reported)
    {
        var docs = new List<string>(reported.Count);
        // By index: a foreach through the list interface would allocate an enumerator.
        for (var i = 0; i < reported.Count; i++)
        {
            var e = reported[i];
            if (string.IsNullOrWhiteSpace(e)) continue;
            var t = e.Trim();
            if (!docs.Contains(t, StringComparer.Ordinal)) docs.Add(t);
        }
        return docs;
    }

    /// <summary>
    /// How many documents <see cref="Distinct"/> finds, without making the list or any trimmed name: what a task that counts
    /// its evidence (rather than matching it by name) needs, for every subject that reports it done.
    /// </summary>
    public static int CountDistinct(IReadOnlyList<string> reported)
    {
        var count = 0;
        for (var i = 0; i < reported.Count; i++)
        {
            var t = reported[i].AsSpan().Trim();
            if (t.IsEmpty) continue;
            // Counted at its first occurrence only: an equal name earlier in the list (blank ones never are).
            var seen = false;
            for (var j = 0; j < i && !seen; j++) seen = t.SequenceEqual(reported[j].AsSpan().Trim());
            if (!seen) count++;
        }
        return count;
    }

    /// <summary>
    /// The required names left without a document when each document may prove one name only (a largest matching of
    /// names to documents, so the order documents are reported in never matters).
    /// </summary>
    public static List<string> Lacking(IReadOnlyList<string> required, List<string> docs)
    {
        var owner = new int[docs.Count];
        Array.Fill(owner, -1);
        var lacking = new List<string>();
        for (var r = 0; r < required.Count; r++)
            if (!Assign(r, required, docs, owner, new bool[docs.Count])) lacking.Add(required[r]);
        return lacking;
    }

    // An augmenting path from required name r: take a free matching document, or move the name that holds one elsewhere.
    private static bool Assign(int r, IReadOnlyList<string> required, List<string> docs, int[] owner, bool[] seen)
    {
        for (var d = 0; d < docs.Count; d++)
        {
            if (seen[d] || !Names(required[r], docs[d])) continue;
            seen[d] = true;
            if (owner[d] < 0 || Assign(owner[d], required, docs, owner, seen)) { owner[d] = r; return true; }
        }
        return false;
    }

    /// <summary>Whether a document name names the required evidence (one of its <c>|</c> alternatives).</summary>
    public static bool Names(string required, string doc)
    {
        foreach (var alt in required.Split('|'))
        {
            // a+b: one document naming both (a kind of document for a period: 1月+安全分析会).
            var parts = alt.Split('+', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length > 0 && parts.All(p => Contains(doc, p))) return true;
        }
        return false;
    }

    // A part found in the document, a number in it only as a whole number.
    private static bool Contains(string doc, string part)
    {
        for (var at = doc.IndexOf(part, StringComparison.Ordinal); at >= 0; at = doc.IndexOf(part, at + 1, StringComparison.Ordinal))
        {
            var end = at + part.Length;
            var cutBefore = char.IsAsciiDigit(part[0]) && at > 0 && char.IsAsciiDigit(doc[at - 1]);
            var cutAfter = char.IsAsciiDigit(part[^1]) && end < doc.Length && char.IsAsciiDigit(doc[end]);
            if (!cutBefore && !cutAfter) return true;
        }
        return false;
    }

    /// <summary>How a required name reads in a sentence: alternatives joined by 或.</summary>
    public static string Show(string required, bool zh) =>
        string.Join(zh ? "或" : " or ", required.Split('|').Select(a => string.Join(zh ? "" : " ", a.Split('+', StringSplitOptions.TrimEntries))));
}
