using AssessmentScorer.Expressions;

namespace AssessmentScorer.Tests.Expressions;

/// <summary>A hand-built scope: whatever symbols a test adds, nothing else.</summary>
internal sealed class TestScope : IScope
{
    private readonly Dictionary<string, Symbol> _symbols = new(StringComparer.Ordinal);

    public TestScope Add(string name, Symbol symbol)
    {
        _symbols[name] = symbol;
        return this;
    }

    public Symbol? Resolve(string name) => _symbols.GetValueOrDefault(name);

    public IEnumerable<string> Names => _symbols.Keys;
}
