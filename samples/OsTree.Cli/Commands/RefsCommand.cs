using System.CommandLine;
using OsTree.Repositories;

namespace OsTree.Cli.Commands;

/// <summary><c>otree refs [--json] [PREFIX]</c>, and <c>--create=NEW REV</c> / <c>--delete REF…</c> as in ostree.</summary>
internal static class RefsCommand
{
    /// <summary>The verb.</summary>
    public const string Name = "refs";

    /// <summary>What <c>otree --help</c> says of the verb.</summary>
    public const string Description = "List, create or delete refs";

    public static Command Create()
    {
        var json = GlobalOptions.Json();
        var create = new Option<string?>("--create") { Description = "Create a new ref NEW pointing at the commit given as argument" };
        var delete = new Option<bool>("--delete") { Description = "Delete the refs given as arguments" };
        var args = new Argument<string[]>("ARGS") { Arity = ArgumentArity.ZeroOrMore, Description = "PREFIX, or the commit for --create, or the refs to --delete" };
        var command = new Command(Name, Description) { json, create, delete, args };
        command.SetAction(parse =>
        {
            var repo = Repository.Open(GlobalOptions.RepoPath(parse));
            var rest = parse.GetValue(args) ?? [];
            if (parse.GetValue(create) is { } newRef)
            {
                if (rest.Length != 1)
                {
                    throw new CliUsageException("--create=NEW needs exactly one existing revision");
                }

                repo.WriteRef(newRef, repo.ResolveRev(rest[0]));
                return ExitCodes.Success;
            }

            if (parse.GetValue(delete))
            {
                foreach (var name in rest)
                {
                    if (!repo.DeleteRef(name))
                    {
                        throw new CliUsageException($"no such ref '{name}'");
                    }
                }

                return ExitCodes.Success;
            }

            var prefix = rest.Length > 0 ? rest[0] : string.Empty;
            var refs = repo.ListRefs().Where(r => r.Key.StartsWith(prefix, StringComparison.Ordinal)).ToList();
            if (parse.GetValue(json))
            {
                JsonOutput.Write(w =>
                {
                    w.WriteStartObject();
                    foreach (var (name, checksum) in refs)
                    {
                        w.WriteString(name, checksum.ToString());
                    }

                    w.WriteEndObject();
                });
            }
            else
            {
                foreach (var (name, _) in refs)
                {
                    Console.WriteLine(name);
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
