using OsTree.Packaging.Tests.Fixtures;

[assembly: AssemblyFixture(typeof(RpmFixture))]
[assembly: AssemblyFixture(typeof(DpkgFixture))]
