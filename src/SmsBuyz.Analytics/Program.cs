using SmsBuyz.Analytics.Cli;
using SmsBuyz.Analytics.Worker.Operations;

// First, before the host's threads allocate: a worker started without MALLOC_ARENA_MAX=2 gets fewer malloc arenas too,
// and its large native blocks are given back when freed.
MallocArenas.Limit(Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX"));
MallocArenas.KeepLargeBlocksMapped(Environment.GetEnvironmentVariable("MALLOC_MMAP_THRESHOLD_"));

// The whole app is its command line; see Cli/CliApp.cs for the table of commands.
return await CliApp.RunAsync(args, Console.Out, Console.Error);
