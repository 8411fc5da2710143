using System.Text;

namespace OsTree.Deployments;

/// <summary>
/// An ordered kernel command line with libostree's editing rules (<c>ostree_kernel_args</c>): <see cref="Replace"/>
/// (<c>--karg</c>) swaps every value of a key for one, in place of the first; <see cref="Append"/>
/// (<c>--karg-append</c>) adds another value; <see cref="Delete"/> (<c>--karg-delete</c>) removes one.
/// </summary>
public sealed class KernelArguments
{
    private readonly List<(string Key, string? Value)> _order = [];

    /// <summary>Creates an empty command line.</summary>
    public KernelArguments()
    {
    }

    /// <summary>The number of arguments.</summary>
    public int Count => _order.Count;

    /// <summary>Parses a BLS <c>options</c> value: arguments separated by single spaces.</summary>
    /// <param name="options">The command line; <see langword="null"/> or empty gives an empty one.</param>
    /// <returns>The arguments, in order.</returns>
    public static KernelArguments Parse(string? options)
    {
        var result = new KernelArguments();
        if (!string.IsNullOrEmpty(options))
        {
            foreach (var arg in options.Split(' '))
            {
                result.Append(arg);
            }
        }

        return result;
    }

    /// <summary>Whether a key (the part before <c>=</c>) is present.</summary>
    /// <param name="key">The key.</param>
    /// <returns><see langword="true"/> if at least one argument has this key.</returns>
    public bool ContainsKey(string key) => _order.Exists(e => e.Key == key);

    /// <summary>The value of the last argument with this key (<see langword="null"/> for a bare key or a missing one).</summary>
    /// <param name="key">The key.</param>
    /// <returns>The value, or <see langword="null"/>.</returns>
    public string? GetLastValue(string key)
    {
        var index = _order.FindLastIndex(e => e.Key == key);
        return index < 0 ? null : _order[index].Value;
    }

    /// <summary>Adds an argument at the end, keeping other values of the same key.</summary>
    /// <param name="argument"><c>KEY</c> or <c>KEY=VALUE</c>.</param>
    public void Append(string argument)
    {
        ArgumentNullException.ThrowIfNull(argument);
        _order.Add(Split(argument));
    }

    /// <summary>
    /// Sets a key to one value: all its current values are removed and the new argument takes the place of the first
    /// of them, or goes at the end when the key is new.
    /// </summary>
    /// <param name="argument"><c>KEY</c> or <c>KEY=VALUE</c>.</param>
    public void Replace(string argument)
    {
        ArgumentNullException.ThrowIfNull(argument);
        var entry = Split(argument);
        var first = _order.FindIndex(e => e.Key == entry.Key);
        if (first < 0)
        {
            _order.Add(entry);
            return;
        }

        _order.RemoveAll(e => e.Key == entry.Key);
        _order.Insert(first, entry);
    }

    /// <summary>
    /// Deletes an argument: <c>KEY</c> deletes the key when it has a single value; <c>KEY=VALUE</c> deletes that value.
    /// </summary>
    /// <param name="argument"><c>KEY</c> or <c>KEY=VALUE</c>.</param>
    /// <exception cref="ArgumentException">The argument is absent, or <c>KEY</c> alone is ambiguous.</exception>
    public void Delete(string argument)
    {
        ArgumentNullException.ThrowIfNull(argument);
        var (key, value) = Split(argument);
        var matches = _order.FindAll(e => e.Key == key);
        if (matches.Count == 0)
        {
            throw new ArgumentException($"No key '{key}' found.", nameof(argument));
        }

        if (matches.Count == 1)
        {
            if (value is not null && matches[0].Value != value)
            {
                throw new ArgumentException($"No karg '{key}={value}' found.", nameof(argument));
            }

            _order.RemoveAll(e => e.Key == key);
            return;
        }

        var index = _order.FindIndex(e => e.Key == key && e.Value == value);
        if (index < 0)
        {
            throw new ArgumentException(value is null ? $"Multiple values for key '{argument}' found." : $"No karg '{argument}' found.", nameof(argument));
        }

        _order.RemoveAt(index);
    }

    /// <summary>Removes every argument with this key, if any.</summary>
    /// <param name="key">The key.</param>
    /// <returns><see langword="true"/> if something was removed.</returns>
    public bool RemoveKey(string key) => _order.RemoveAll(e => e.Key == key) > 0;

    /// <summary>The arguments, in order, as <c>KEY</c> or <c>KEY=VALUE</c>.</summary>
    /// <returns>A new array.</returns>
    public string[] ToArray() => _order.Select(e => e.Value is null ? e.Key : $"{e.Key}={e.Value}").ToArray();

    /// <summary>The command line, arguments separated by single spaces.</summary>
    /// <returns>The BLS <c>options</c> value.</returns>
    public override string ToString()
    {
        var builder = new StringBuilder();
        foreach (var (key, value) in _order)
        {
            if (builder.Length > 0)
            {
                builder.Append(' ');
            }

            builder.Append(key);
            if (value is not null)
            {
                builder.Append('=').Append(value);
            }
        }

        return builder.ToString();
    }

    /// <summary>A copy that can be edited independently.</summary>
    /// <returns>A new instance with the same arguments.</returns>
    public KernelArguments Clone()
    {
        var clone = new KernelArguments();
        clone._order.AddRange(_order);
        return clone;
    }

    private static (string Key, string? Value) Split(string argument)
    {
        var eq = argument.IndexOf('=', StringComparison.Ordinal);
        return eq < 0 ? (argument, null) : (argument[..eq], argument[(eq + 1)..]);
    }
}
