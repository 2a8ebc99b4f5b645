namespace AssessmentScorer.Benchmarks.Qiaocheng;

/// <summary>
/// Deterministic district hospitals for the 亳州 rule set: the same (seed, i) gives the same hospital in every process.
/// Each target is met, not met or hit exactly (the boundary) at random; about 2% of values are left out, and some
/// denominators are zero (no elective surgery, no revenue, no physicians, no baseline visits).
/// </summary>
public static class QcGenerator
{
    public static List<QcHospital> Hospitals(int count, ulong seed = 21)
    {
        var list = new List<QcHospital>(count);
        for (var i = 0; i < count; i++) list.Add(Hospital(seed, i));
        return list;
    }

    public static QcHospital Hospital(ulong seed, int i)
    {
        var r = new Rng(seed * 0x9E3779B97F4A7C15UL ^ (ulong)i);
        // About one hospital in eight is exemplary: every value reported, every target met or hit exactly (grade 达标).
        r.Exemplary = r.Chance(0.125);
        var tier = r.Chance(0.3) ? "tertiary" : "secondary";
        var category = r.Pick(0.5, 0.35) switch { 0 => "general", 1 => "tcm", _ => "specialty" };
        var accreditation = category == "general" && tier == "tertiary" && r.Chance(0.5) ? "三级甲等" : r.Chance(0.1) ? "二级甲等" : null;
        var (day, elective) = r.RatioPair(0.10m, 100);
        var (service, revenue) = r.RatioPair(0.30m, 10_000);
        var (personnel, business) = r.RatioPair(r.Exemplary || r.Chance(0.5) ? 0.40m : 0.30m + r.Next(0, 10) / 100m, 10_000);
        var material = business is { } b ? (decimal?)Math.Round(b * (0.45m + r.Next(0, 20) / 100m)) : null;
        if ((r.Exemplary || r.Chance(0.05)) && business is { } b2) material = b2 / 2;
        var (nurses, physicians) = r.RatioPair(1.2m, 10);
        var (visits, baseline) = r.RatioPair(0.70m, 1000, lowerIsBetter: true);
        var (ltl, assets) = r.RatioPair(0.06m, 1000, lowerIsBetter: true);
        var prevRevenue = revenue is { } rv ? (decimal?)Math.Round(rv * 0.95m) : null;
        var tech = r.Next(0, 5) == 0 && !r.Exemplary ? 0 : r.Next(1, 200) * 1000m;
        var prevTech = r.Exemplary ? tech / 2 : r.Chance(0.2) && revenue is { } rv2 && prevRevenue is { } pr && rv2 != 0 ? tech * pr / rv2 : r.Next(0, 200) * 1000m;
        var fixedShare = 0.40m + r.Next(0, 20) / 1000m;
        var prevFixed = r.Exemplary ? fixedShare - 0.01m : r.Chance(0.2) ? fixedShare : 0.40m + r.Next(0, 20) / 1000m;
        var fiscal = r.Next(10, 60) * 1_000_000m;
        var total = r.Next(0, 50) == 0 ? 0 : r.Next(300, 800) * 1_000_000m;
        var taskKind = r.Exemplary ? 5 : r.Next(0, 10);
        return new QcHospital
        {
            Id = $"QC-G{i:D6}",
            Tier = tier,
            Category = category,
            Accreditation = accreditation,
            PerformanceGrade = r.Maybe(QcScoring.PerformanceScale[r.Next(r.Exemplary ? 4 : 0, QcScoring.PerformanceScale.Length)]),
            EmrLevel = r.Maybe((decimal?)r.Next(r.Exemplary ? 5 : 2, 8)),
            Interop = r.Maybe(QcScoring.InteropScale[r.Next(r.Exemplary ? 4 : 2, QcScoring.InteropScale.Length)]),
            ElectiveSurgeries = elective, DaySurgeries = day,
            MedicalRevenue = revenue, MedicalServiceRevenue = service,
            BusinessExpenditure = business, PersonnelExpenditure = personnel, MaterialExpenditure = r.Maybe(material),
            Physicians = physicians, Nurses = nurses,
            IsolatedWard = r.Maybe((bool?)r.Yes(0.85)), ConvertibleWard = r.Maybe((bool?)r.Yes(0.85)),
            ChestPain = r.Maybe((bool?)r.Yes(0.8)), Stroke = r.Maybe((bool?)r.Yes(0.8)), Trauma = r.Maybe((bool?)r.Yes(0.8)),
            Mdt = r.Maybe((bool?)r.Yes(0.8)),
            ProvincialKey = r.Maybe((decimal?)r.Next(r.Exemplary ? 1 : 0, 3)), MunicipalKey = r.Maybe((decimal?)r.Next(r.Exemplary ? 5 : 3, 8)),
            ProvincialTcmKey = r.Maybe((decimal?)r.Next(r.Exemplary ? 1 : 0, 3)), ProvincialTcmFeatured = r.Maybe((decimal?)r.Next(0, 3)),
            OutpatientVisits = visits, OutpatientBaseline = baseline,
            TechTransfer = r.Maybe((decimal?)tech), PrevTechTransfer = r.Maybe((decimal?)prevTech), PrevMedicalRevenue = r.Maybe(prevRevenue),
            FixedSalaryShare = r.Maybe((decimal?)fixedShare), PrevFixedSalaryShare = r.Maybe((decimal?)prevFixed),
            FiscalSubsidy = r.Maybe((decimal?)fiscal), TotalRevenue = r.Maybe((decimal?)total),
            PrevFiscalSubsidy = r.Maybe((decimal?)(fiscal * 0.9m)), PrevTotalRevenue = r.Maybe((decimal?)(total == 0 ? 500_000_000m : total * 0.9m)),
            LongTermLiabilities = ltl, TotalAssets = assets, NationalAvgDebt = r.Maybe((decimal?)0.06m),
            TaskDone = taskKind == 0 ? null : taskKind >= 3,
            TaskCompletedOn = taskKind == 0 ? null : taskKind == 9 ? new DateOnly(2026, 1, 15) : new DateOnly(2025, 12, 31 - r.Next(0, 20)),
            TaskEvidence = taskKind != 8,
        };
    }

    /// <summary>SplitMix64.</summary>
    private sealed class Rng(ulong state)
    {
        private ulong _s = state;

        private ulong NextRaw()
        {
            var z = _s += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        public int Next(int min, int max) => min + (int)(NextRaw() % (ulong)(max - min));

        public bool Exemplary { get; set; }

        public bool Chance(double p) => (NextRaw() >> 11) * (1.0 / (1UL << 53)) < p;

        /// <summary>A yes that is sometimes no (never for an exemplary hospital).</summary>
        public bool Yes(double p) => Exemplary || Chance(p);

        public int Pick(double first, double second) { var x = (NextRaw() >> 11) * (1.0 / (1UL << 53)); return x < first ? 0 : x < first + second ? 1 : 2; }

        /// <summary>The value, or (about 2% of the time) null: not reported.</summary>
        public T? Maybe<T>(T? v) => !Exemplary && Chance(0.02) ? default : v;

        /// <summary>A numerator and denominator around a bound: met, not met, exactly on it, or a zero denominator; each may be missing.</summary>
        public (decimal? Num, decimal? Den) RatioPair(decimal bound, int unit, bool lowerIsBetter = false)
        {
            decimal den = Next(10, 500) * 100m * unit;
            decimal num = (Exemplary ? (Next(0, 2) == 0 ? (lowerIsBetter ? 10 : 4) : 16) : Next(0, 20)) switch
            {
                < 8 => Math.Round(den * bound * (1 + Next(1, 40) / 100m)),
                < 15 => Math.Round(den * bound * (1 - Next(1, 40) / 100m)),
                < 19 => den * bound,
                _ => 0,
            };
            if (!Exemplary && Chance(0.03)) den = 0;
            return (Maybe((decimal?)num), Maybe((decimal?)den));
        }
    }
}
