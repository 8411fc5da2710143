using System.IO.Compression;
using System.Xml.Linq;
using OsTree.TestSupport;

namespace OsTree.Cli.Tests;

/// <summary>
/// The three packages are what users get: pack them, restore them from a local folder feed into a fresh console
/// project outside this repository, and run it.
/// </summary>
public sealed class NuGetPackagesTests
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private static readonly string[] Packages = ["OsTree.Core", "OsTree.Btrfs", "OsTree.Packaging"];

    [Fact]
    public void Packages_carry_readme_license_symbols_and_source_link_and_restore_into_a_new_project()
    {
        Requires.Tool("dotnet");
        using var work = new TempDirectory("ostree-net-pack");
        var feed = work.Combine("feed");
        var root = PublicApiSnapshot.RepositoryRoot();
        foreach (var package in Packages)
        {
            Tool.Check("dotnet", "pack", Path.Combine(root, "src", package), "-c", Configuration, "--no-build", "-o", feed, "-nologo");
        }

        foreach (var package in Packages)
        {
            var nupkg = Path.Combine(feed, $"{package}.0.1.0.nupkg");
            Assert.True(File.Exists(nupkg), $"{nupkg} was not produced");
            Assert.True(File.Exists(Path.Combine(feed, $"{package}.0.1.0.snupkg")), $"{package} has no symbol package");
            using var zip = ZipFile.OpenRead(nupkg);
            Assert.NotNull(zip.GetEntry("README.md"));
            Assert.NotNull(zip.GetEntry($"lib/net10.0/{package}.dll"));
            Assert.NotNull(zip.GetEntry($"lib/net10.0/{package}.xml"));
            var nuspecEntry = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
            using var stream = nuspecEntry.Open();
            var nuspec = XDocument.Load(stream);
            XNamespace ns = nuspec.Root!.Name.Namespace;
            var metadata = nuspec.Root.Element(ns + "metadata")!;
            Assert.Equal("MIT", metadata.Element(ns + "license")?.Value);
            Assert.Equal("README.md", metadata.Element(ns + "readme")?.Value);
            Assert.False(string.IsNullOrWhiteSpace(metadata.Element(ns + "description")?.Value));
            // SourceLink: the repository element carries the commit the binaries were built from.
            var repository = metadata.Element(ns + "repository");
            Assert.NotNull(repository);
            Assert.Matches("^[0-9a-f]{40}$", repository!.Attribute("commit")?.Value ?? string.Empty);
        }

        var app = work.Combine("app");
        Directory.CreateDirectory(app);
        File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="local" value="{feed}" />
              </packageSources>
              <fallbackPackageFolders>
                <add key="global" value="{Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages")}" />
              </fallbackPackageFolders>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(app, "app.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <RestorePackagesPath>packages</RestorePackagesPath>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="OsTree.Core" Version="0.1.0" />
                <PackageReference Include="OsTree.Btrfs" Version="0.1.0" />
                <PackageReference Include="OsTree.Packaging" Version="0.1.0" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), """
            using OsTree.Objects;
            using OsTree.Trees;

            var tree = new DirectoryFileTree(args[0]);
            Console.WriteLine(tree.TryGetEntry("hello.txt", out var entry) ? $"{entry.Type} {entry.Size}" : "missing");
            Console.WriteLine(Checksum.Compute("hello\n"u8));
            """);
        var input = work.Combine("input");
        Directory.CreateDirectory(input);
        File.WriteAllText(Path.Combine(input, "hello.txt"), "hello\n");

        var run = Tool.RunIn(app, "dotnet", "run", "--", input).EnsureSuccess("dotnet run of the package consumer");
        var lines = run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("RegularFile 6", lines[^2]);
        Assert.Equal("5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03", lines[^1]);
    }
}
