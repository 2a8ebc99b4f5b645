using System.CommandLine;
using System.Text;
using AssessmentScorer.Cli;

Console.OutputEncoding = Encoding.UTF8;
return Cli.Run(args, Console.Out, Console.Error);
