using OsTree.Checkout;
using OsTree.Objects;
using OsTree.Repositories;
using OsTree.TestSupport;

namespace OsTree.Core.Tests.Checkout;

/// <summary>
/// Our checkout equals <c>ostree checkout</c> with the same flags, on repositories made by <c>ostree commit</c>:
/// names, types, modes, owners, xattrs, link targets, contents, mtimes of 0, and which files are hard links to
/// repository objects; and where ostree refuses, we refuse (with libostree's message for the hard-link rules).
/// </summary>
public sealed class CheckoutOracleTests(OstreeRepositories repositories) : IClassFixture<OstreeRepositories>
{
    public static TheoryData<string, string, string, string?> Cases => new()
    {
        // mode, flags, branch, flags of a first checkout of "base" into the same target (union cases)
        { "bare", "", "base", null },
        { "bare", "-U", "base", null },
        { "bare", "-U -H", "base", null },
        { "bare", "-C", "base", null },
        { "bare", "-H", "base", null },
        { "bare", "-M", "base", null },
        { "bare", "--subpath=/usr", "base", null },
        { "bare", "--subpath=/usr/bin/tool", "base", null },
        { "bare", "", "layer", "" },
        { "bare", "--union", "layer", "" },
        { "bare", "--union-add", "layer", "" },
        { "bare", "-H --union-identical", "base", "" },
        { "bare", "-H --union-identical", "layer", "" },
        { "bare", "--union --whiteouts", "wh", "" },
        { "bare", "-C --union", "layer", "" },
        { "bare-user", "-U", "base", null },
        { "bare-user", "-U -H", "base", null },
        { "bare-user", "", "base", null },
        { "bare-user", "-H", "base", null },
        { "bare-user", "-U -C", "base", null },
        { "bare-user", "-U --union", "layer", "-U" },
        { "bare-user", "-U --union-add", "layer", "-U" },
        { "bare-user", "-U -H --union-identical", "base", "-U" },
        { "bare-user", "-U -H --union-identical", "layer", "-U" },
        { "bare-user", "-U --union --whiteouts", "wh", "-U" },
        { "bare-user", "-U --subpath=/usr", "base", null },
        { "bare-user-only", "-U", "base", null },
        { "bare-user-only", "-U -H", "base", null },
        { "bare-user-only", "", "base", null },
        { "bare-user-only", "-U --union", "layer", "-U" },
        { "bare-user-only", "-U -H --union-identical", "base", "-U" },
        { "archive", "-U", "base", null },
        { "archive", "", "base", null },
        { "archive", "-U -H", "base", null },
        { "archive", "-U --union", "layer", "-U" },
        { "archive", "-U --subpath=/usr", "base", null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Checkout_equals_ostree_checkout(string mode, string flags, string branch, string? baseFlags)
    {
        Assert.SkipUnless(repositories.Available, "needs root, ostree and attr (getfattr/setfattr)");
        var repositoryMode = OstreeRepositories.Modes.Single(m => OstreeRepositories.ModeName(m) == mode);
        var repo = repositories.RepositoryPath(repositoryMode);
        using var work = new TempDirectory("checkout-case");
        var expected = work.Combine("ostree");
        var actual = work.Combine("ours");
        var args = flags.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (baseFlags is not null)
        {
            // The target already holds a checkout of "base", made by ostree on both sides.
            foreach (var target in new[] { expected, actual })
            {
                Tool.Check("ostree", ["checkout", $"--repo={repo}", .. baseFlags.Split(' ', StringSplitOptions.RemoveEmptyEntries), "base", target]);
            }
        }

        // ostree -U on an archive repository hard-links from its uncompressed-objects-cache, which we do not keep.
        var ostreeArgs = repositoryMode == RepositoryMode.Archive && args.Contains("-U") ? [.. args, "--disable-cache"] : args;
        var oracle = Tool.Run("ostree", ["checkout", $"--repo={repo}", .. ostreeArgs, branch, expected]);
        Exception? ours = null;
        try
        {
            Repository.Open(repo).Checkout(branch, actual, ParseOptions(args), TestContext.Current.CancellationToken);
        }
        catch (Exception e) when (e is OsTreeException or IOException or ArgumentException or InvalidDataException)
        {
            ours = e;
        }

        if (oracle.ExitCode != 0)
        {
            Assert.True(ours is not null, $"ostree refused ({oracle.StandardError.Trim()}) but our checkout succeeded.");
            foreach (var message in new[] { "Bare repository mode cannot hardlink in user checkout mode", "User repository mode requires user checkout mode to hardlink" })
            {
                if (oracle.StandardError.Contains(message, StringComparison.Ordinal))
                {
                    Assert.Contains(message, ours.Message, StringComparison.Ordinal);
                }
            }

            return;
        }

        Assert.True(ours is null, $"ostree succeeded but ours failed: {ours}");
        var diff = TreeManifest.Diff(TreeManifest.Read(expected, repo), TreeManifest.Read(actual, repo));
        Assert.True(diff.Length == 0, $"ostree checkout {flags} {branch} differs:\n{diff}");
    }

    internal static CheckoutOptions ParseOptions(string[] args)
    {
        var options = new CheckoutOptions();
        foreach (var arg in args)
        {
            options = arg switch
            {
                "-U" => options with { UserMode = true },
                "-H" => options with { RequireHardlinks = true },
                "-C" => options with { ForceCopy = true },
                "-M" => options with { BareUserOnlyDirectories = true },
                "--union" => options with { OverwriteMode = CheckoutOverwriteMode.UnionFiles },
                "--union-add" => options with { OverwriteMode = CheckoutOverwriteMode.AddFiles },
                "--union-identical" => options with { OverwriteMode = CheckoutOverwriteMode.UnionIdentical },
                "--whiteouts" => options with { ProcessWhiteouts = true },
                _ when arg.StartsWith("--subpath=", StringComparison.Ordinal) => options with { Subpath = arg["--subpath=".Length..] },
                _ => throw new ArgumentException($"unknown flag {arg}"),
            };
        }

        return options;
    }
}
