using System.Text;

namespace OsTree.Deployments;

/// <summary>Reads <c>os-release</c> as libostree does: <c>KEY=VALUE</c> lines, values shell-unquoted, <c>#</c> comments.</summary>
internal static class OsRelease
{
    /// <summary>Parses the text; lines whose value cannot be unquoted are skipped.</summary>
    internal static Dictionary<string, string> Parse(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith('#'))
            {
                continue;
            }

            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                continue;
            }

            if (TryShellUnquote(line[(eq + 1)..], out var value))
            {
                values[line[..eq]] = value;
            }
        }

        return values;
    }

    /// <summary>The title libostree gives boot entries: <c>PRETTY_NAME</c>, else <c>ID</c>.</summary>
    internal static string? GetTitle(string deploymentDirectory)
    {
        var path = deploymentDirectory + "/usr/lib/os-release";
        if (!PosixFileSystem.TryStat(path, out _))
        {
            path = deploymentDirectory + "/etc/os-release";
        }

        if (!PosixFileSystem.TryStat(path, out _))
        {
            throw new DeploymentException("Reading /etc/os-release: No such file or directory");
        }

        var values = Parse(File.ReadAllText(path));
        return values.GetValueOrDefault("PRETTY_NAME") ?? values.GetValueOrDefault("ID");
    }

    // g_shell_unquote: single quotes are literal; double quotes honour \" \\ \$ \` and backslash-newline; outside
    // quotes a backslash escapes the next character.
    private static bool TryShellUnquote(string quoted, out string value)
    {
        var builder = new StringBuilder(quoted.Length);
        var i = 0;
        while (i < quoted.Length)
        {
            var c = quoted[i];
            if (c == '\'')
            {
                var end = quoted.IndexOf('\'', i + 1);
                if (end < 0)
                {
                    value = string.Empty;
                    return false;
                }

                builder.Append(quoted, i + 1, end - i - 1);
                i = end + 1;
            }
            else if (c == '"')
            {
                i++;
                var closed = false;
                while (i < quoted.Length)
                {
                    var d = quoted[i];
                    if (d == '"')
                    {
                        closed = true;
                        i++;
                        break;
                    }

                    if (d == '\\' && i + 1 < quoted.Length && quoted[i + 1] is '"' or '\\' or '$' or '`' or '\n')
                    {
                        if (quoted[i + 1] != '\n')
                        {
                            builder.Append(quoted[i + 1]);
                        }

                        i += 2;
                        continue;
                    }

                    builder.Append(d);
                    i++;
                }

                if (!closed)
                {
                    value = string.Empty;
                    return false;
                }
            }
            else if (c == '\\' && i + 1 < quoted.Length)
            {
                if (quoted[i + 1] != '\n')
                {
                    builder.Append(quoted[i + 1]);
                }

                i += 2;
            }
            else
            {
                builder.Append(c);
                i++;
            }
        }

        value = builder.ToString();
        return true;
    }
}
