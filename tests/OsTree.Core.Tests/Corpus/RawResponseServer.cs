using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace OsTree.Core.Tests.Corpus;

/// <summary>
/// An HTTP/1.0-style server on 127.0.0.1 for the <c>tests/corpus/http</c> entries: requests whose path matches the
/// entry's pattern (or <c>/loop</c>, the target of redirect loops) get the entry's raw bytes, followed by endless data
/// when it says <c>X-Corpus-Body: endless</c> or <c>endless-chunks</c> (or endless header lines for
/// <c>X-Corpus-Header: endless</c>) until the client hangs up; every other path is served from a directory. One
/// response per connection.
/// </summary>
internal sealed class RawResponseServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly string _root;
    private readonly Regex _pattern;
    private readonly byte[] _response;
    private readonly Task _accept;

    public RawResponseServer(string root, string entryPath)
    {
        _root = root;
        var bytes = File.ReadAllBytes(entryPath);
        var newline = Array.IndexOf(bytes, (byte)'\n');
        var glob = Encoding.ASCII.GetString(bytes, 0, newline);
        _pattern = new Regex("^/" + Regex.Escape(glob).Replace(@"\*", ".*", StringComparison.Ordinal) + "$|^/loop$", RegexOptions.CultureInvariant);
        _response = bytes[(newline + 1)..];
        _listener.Start();
        _accept = Task.Run(AcceptAsync);
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public int HostileResponses { get; private set; }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            _accept.Wait();
        }
        catch (AggregateException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(socket));
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        using var stream = new NetworkStream(socket, ownsSocket: true);
        try
        {
            var head = new StringBuilder();
            var one = new byte[1];
            while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && head.Length < 65536)
            {
                if (await stream.ReadAsync(one, _stop.Token).ConfigureAwait(false) == 0)
                {
                    return;
                }

                head.Append((char)one[0]);
            }

            var path = Uri.UnescapeDataString(head.ToString().Split(' ')[1]);
            if (_pattern.IsMatch(path))
            {
                HostileResponses++;
                await stream.WriteAsync(_response, _stop.Token).ConfigureAwait(false);
                var text = Encoding.Latin1.GetString(_response);
                var endless = text.Contains("X-Corpus-Body: endless-chunks", StringComparison.Ordinal) ? "4000\r\n" + new string('\0', 0x4000) + "\r\n"
                    : text.Contains("X-Corpus-Body: endless", StringComparison.Ordinal) ? new string('\0', 0x4000)
                    : text.Contains("X-Corpus-Header: endless", StringComparison.Ordinal) ? "X-More: " + new string('a', 1000) + "\r\n"
                    : null;
                if (endless is not null)
                {
                    var chunk = Encoding.Latin1.GetBytes(endless);
                    while (!_stop.IsCancellationRequested)
                    {
                        await stream.WriteAsync(chunk, _stop.Token).ConfigureAwait(false);
                    }
                }

                return;
            }

            var file = Path.Combine(_root, path.TrimStart('/'));
            if (!path.Contains("..", StringComparison.Ordinal) && File.Exists(file))
            {
                var body = await File.ReadAllBytesAsync(file, _stop.Token).ConfigureAwait(false);
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n"), _stop.Token).ConfigureAwait(false);
                await stream.WriteAsync(body, _stop.Token).ConfigureAwait(false);
            }
            else
            {
                await stream.WriteAsync("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray(), _stop.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client hung up, which is what endless responses are waiting for.
        }
    }
}
