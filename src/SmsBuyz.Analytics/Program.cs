using SmsBuyz.Analytics.Cli;

// The whole app is its command line; see Cli/CliApp.cs for the table of commands.
return await CliApp.RunAsync(args, Console.Out, Console.Error);
