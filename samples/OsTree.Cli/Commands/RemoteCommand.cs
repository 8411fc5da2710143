using System.CommandLine;
using OsTree.Repositories;
using OsTree.Transport;

namespace OsTree.Cli.Commands;

/// <summary>
/// <c>otree remote add [--no-gpg-verify] [--set=K=V] [--if-not-exists] NAME URL [BRANCH…]</c>, <c>remote list [-u]</c>,
/// <c>remote delete [--if-exists] NAME</c> and <c>remote refs NAME</c>: remotes kept in the repository's config as
/// libostree keeps them, so either tool sees the other's.
/// </summary>
internal static class RemoteCommand
{
    /// <summary>The verb.</summary>
    public const string Name = "remote";

    /// <summary>What <c>otree --help</c> says of the verb.</summary>
    public const string Description = "Remote commands that may involve internet access";

    public static Command Create() => new(Name, Description)
    {
        CreateAdd(),
        CreateDelete(),
        CreateList(),
        CreateRefs(),
    };

    private static Command CreateAdd()
    {
        var noGpg = new Option<bool>("--no-gpg-verify") { Description = "Disable GPG verification" };
        var set = new Option<string[]>("--set") { Description = "Set config option KEY=VALUE for remote" };
        var ifNotExists = new Option<bool>("--if-not-exists") { Description = "Do nothing if the provided remote exists" };
        var name = new Argument<string>("NAME");
        var url = new Argument<string>("URL");
        var branches = new Argument<string[]>("BRANCH") { Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("add", "Add a remote repository") { noGpg, set, ifNotExists, name, url, branches };
        command.SetAction(parse =>
        {
            var repo = Repository.Open(GlobalOptions.RepoPath(parse));
            var settings = new List<(string Key, string Value)>();
            foreach (var pair in parse.GetValue(set) ?? [])
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                settings.Add(eq > 0 ? (pair[..eq], pair[(eq + 1)..]) : throw new CliUsageException($"--set={pair}: expected KEY=VALUE"));
            }

            // gpg-verify set explicitly wins, as in ostree; the library refuses to pull while it is true.
            var gpgVerify = !parse.GetValue(noGpg);
            foreach (var (key, value) in settings.Where(s => s.Key == "gpg-verify"))
            {
                gpgVerify = value is "true" or "1";
            }

            var remote = new RemoteDefinition(parse.GetValue(name)!, parse.GetValue(url)!, parse.GetValue(branches), gpgVerify);
            if (!repo.AddRemote(remote, parse.GetValue(ifNotExists)))
            {
                return ExitCodes.Success;
            }

            if (settings.Any(s => s.Key is not ("url" or "branches" or "gpg-verify")))
            {
                var config = repo.Config;
                var group = $"remote \"{remote.Name}\"";
                foreach (var (key, value) in settings.Where(s => s.Key is not ("url" or "branches" or "gpg-verify")))
                {
                    config.SetString(group, key, value);
                }

                repo.WriteConfig(config);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateDelete()
    {
        var ifExists = new Option<bool>("--if-exists") { Description = "Do nothing if the provided remote does not exist" };
        var name = new Argument<string>("NAME");
        var command = new Command("delete", "Delete a remote repository") { ifExists, name };
        command.SetAction(parse =>
        {
            Repository.Open(GlobalOptions.RepoPath(parse)).DeleteRemote(parse.GetValue(name)!, parse.GetValue(ifExists));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateList()
    {
        var showUrls = new Option<bool>("--show-urls", "-u") { Description = "Show remote URLs in list" };
        var json = GlobalOptions.Json();
        var command = new Command("list", "List remote repository names") { showUrls, json };
        command.SetAction(parse =>
        {
            var remotes = Repository.Open(GlobalOptions.RepoPath(parse)).ListRemotes().OrderBy(r => r.Name, StringComparer.Ordinal).ToList();
            if (parse.GetValue(json))
            {
                JsonOutput.Write(w =>
                {
                    w.WriteStartArray();
                    foreach (var r in remotes)
                    {
                        w.WriteStartObject();
                        w.WriteString("name", r.Name);
                        w.WriteString("url", r.Url);
                        w.WriteStartArray("branches");
                        foreach (var b in r.Branches)
                        {
                            w.WriteStringValue(b);
                        }

                        w.WriteEndArray();
                        w.WriteBoolean("gpg-verify", r.GpgVerify);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                });
                return ExitCodes.Success;
            }

            // ostree pads the names to the longest one plus two spaces.
            var width = remotes.Count == 0 ? 0 : remotes.Max(r => r.Name.Length) + 2;
            foreach (var r in remotes)
            {
                Console.WriteLine(parse.GetValue(showUrls) ? r.Name.PadRight(width) + r.Url : r.Name);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateRefs()
    {
        var json = GlobalOptions.Json();
        var name = new Argument<string>("NAME");
        var command = new Command("refs", "List remote refs (from the remote's summary)") { json, name };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var remote = Repository.Open(GlobalOptions.RepoPath(parse)).GetRemote(parse.GetValue(name)!);
            var summary = RepositorySummary.Parse(await FetchSummaryAsync(remote, cancellationToken).ConfigureAwait(false));
            var refs = summary.Refs.OrderBy(r => r.Name, StringComparer.Ordinal).ToList();
            if (parse.GetValue(json))
            {
                JsonOutput.Write(w =>
                {
                    w.WriteStartObject();
                    foreach (var r in refs)
                    {
                        w.WriteString(r.Name, r.Commit.ToString());
                    }

                    w.WriteEndObject();
                });
            }
            else
            {
                foreach (var r in refs)
                {
                    Console.WriteLine($"{remote.Name}:{r.Name}");
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task<byte[]> FetchSummaryAsync(RemoteDefinition remote, CancellationToken cancellationToken)
    {
        var uri = new Uri(remote.Url.TrimEnd('/') + "/summary");
        if (uri.IsFile)
        {
            return File.Exists(uri.LocalPath)
                ? await File.ReadAllBytesAsync(uri.LocalPath, cancellationToken).ConfigureAwait(false)
                : throw new CliUsageException($"the remote {remote.Name} has no summary ({uri.LocalPath})");
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        using var response = await http.GetAsync(uri, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new CliUsageException($"fetching {uri}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
        }

        return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
    }
}
