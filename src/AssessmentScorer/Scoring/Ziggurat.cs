namespace AssessmentScorer.Scoring;

/// <summary>
/// Standard normal deviates by the ziggurat method (Marsaglia and Tsang, 2000; 128 layers) from a SplitMix64 stream:
/// one 64-bit draw gives a layer (its low 7 bits) and a signed uniform (its top 53 bits and bit 7); in about 99% of
/// draws the deviate is that uniform times the layer's width, with no logarithm, root or trigonometry. The rest take
/// the wedge test (one exponential) or the tail beyond 3.44 (two logarithms). Deterministic: the same stream gives
/// the same deviates on any thread.
/// </summary>
internal static class Ziggurat
{
    private const int Layers = 128;
    /// <summary>Where the tail starts, and the area of each layer (with the base layer's tail).</summary>
    private const double R = 3.442619855899, V = 9.91256303526217e-3;
    /// <summary>The layers' right edges, widest first (X[0] the base layer's width with its tail, X[1] = R, X[128] = 0).</summary>
    private static readonly double[] X = new double[Layers + 1];
    /// <summary>The density (unnormalised, e^(−x²/2)) at each edge.</summary>
    private static readonly double[] F = new double[Layers + 1];

    static Ziggurat()
    {
        X[0] = V / Density(R);
        X[1] = R;
        for (var i = 1; i < Layers - 1; i++) X[i + 1] = Math.Sqrt(-2 * Math.Log(V / X[i] + Density(X[i])));
        X[Layers] = 0;
        for (var i = 0; i <= Layers; i++) F[i] = Density(X[i]);
    }

    private static double Density(double x) => Math.Exp(-0.5 * x * x);

    /// <summary>The next standard normal deviate of the SplitMix64 stream whose state is <paramref name="state"/>.</summary>
    public static double Next(ref ulong state)
    {
        while (true)
        {
            var bits = Step(ref state);
            var i = (int)(bits & (Layers - 1));
            var negative = (bits & Layers) != 0;
            var x = (bits >> 11) * (1.0 / (1UL << 53)) * X[i];
            if (x < X[i + 1]) return negative ? -x : x;
            if (i == 0)
            {
                // The tail beyond R (Marsaglia, 1964).
                double a, b;
                do
                {
                    a = -Math.Log(1.0 - Uniform(ref state)) / R;
                    b = -Math.Log(1.0 - Uniform(ref state));
                } while (b + b < a * a);
                return negative ? -(R + a) : R + a;
            }
            // The wedge between the layer's rectangle and the curve.
            if (F[i] + Uniform(ref state) * (F[i + 1] - F[i]) < Density(x)) return negative ? -x : x;
        }
    }

    /// <summary>A uniform double in [0, 1): the stream's next value, its top 53 bits.</summary>
    public static double Uniform(ref ulong state) => (Step(ref state) >> 11) * (1.0 / (1UL << 53));

    /// <summary>The stream's next 64 bits (SplitMix64).</summary>
    private static ulong Step(ref ulong state)
    {
        state = unchecked(state + 0x9E3779B97F4A7C15UL);
        return Mix(state);
    }

    /// <summary>SplitMix64's finaliser: a bijective mix of 64 bits.</summary>
    public static ulong Mix(ulong z)
    {
        unchecked
        {
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
