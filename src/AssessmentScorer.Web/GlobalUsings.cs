global using AssessmentScorer.Reports;
