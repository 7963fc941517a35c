using SmsBuyz.Analytics.Cli;
using SmsBuyz.Analytics.Worker.Operations;

// First, before the host's threads allocate: a worker left running must level off without MALLOC_ARENA_MAX set.
MallocArenas.Limit(Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX"));

// The whole app is its command line; see Cli/CliApp.cs for the table of commands.
return await CliApp.RunAsync(args, Console.Out, Console.Error);
