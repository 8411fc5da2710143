using OsTree.TestSupport;

namespace OsTree.Core.Tests.Usage;

internal static class TestInodes
{
    /// <summary>Whether two paths name the same inode, asked of <c>stat</c>.</summary>
    public static bool SameInode(string a, string b)
    {
        if (!File.Exists(b))
        {
            return false;
        }

        var output = Tool.Check("stat", "-c", "%d:%i", a, b).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return output[0] == output[1];
    }
}
