using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace OsTree.Benchmarks.Checkout;

/// <summary>Files per second or megabytes per second of a checkout, from the mean time and the tree's stats file.</summary>
internal sealed class ThroughputColumn(bool bytes) : IColumn
{
    public string Id => bytes ? "CheckoutMBps" : "CheckoutFilesPerSecond";

    public string ColumnName => bytes ? "MB/s" : "Files/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => bytes ? 1 : 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => bytes ? "Data bytes of the tree (10^6) checked out per second" : "Files and symbolic links checked out per second";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var tree = benchmarkCase.Parameters["Tree"] as string;
        var report = summary[benchmarkCase];
        if (tree is null || report?.ResultStatistics is null || CheckoutFixture.ReadStats(tree) is not { } stats)
        {
            return "-";
        }

        var seconds = report.ResultStatistics.Mean / 1e9;
        var value = bytes ? stats.Bytes / seconds / 1e6 : stats.Files / seconds;
        return value.ToString("N0", CultureInfo.InvariantCulture);
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
