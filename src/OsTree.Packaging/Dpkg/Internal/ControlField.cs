namespace OsTree.Packaging.Dpkg.Internal;

/// <summary>One <c>Name: value</c> field of a stanza; the value keeps continuation lines verbatim.</summary>
internal readonly record struct ControlField(string Name, string Value);
