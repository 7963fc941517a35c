using SmsBuyz.Analytics.Bench;

// The bench's commands (sweep, ingest, query, soak); see BenchApp.cs.
return await BenchApp.RunAsync(args, Console.Out, Console.Error);
