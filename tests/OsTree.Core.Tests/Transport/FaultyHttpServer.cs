using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OsTree.Core.Tests.Transport;

/// <summary>What <see cref="FaultyHttpServer"/> does with one request instead of serving it faithfully.</summary>
public enum HttpFault
{
    /// <summary>Serve the file as it is (or 404).</summary>
    None,

    /// <summary>Send the headers with the full Content-Length, then half the body, then close the connection.</summary>
    DropMidBody,

    /// <summary>Answer 500 Internal Server Error.</summary>
    ServerError,

    /// <summary>Serve the file with one byte flipped in the middle.</summary>
    Corrupt,

    /// <summary>Serve the file with 4 KiB of extra bytes appended (Content-Length covers them).</summary>
    Oversize,
}

/// <summary>
/// A minimal HTTP/1.1 static file server on 127.0.0.1 (keep-alive, GET only) whose answers a test can sabotage per
/// request, and which can be stopped and restarted on the same port. Every request path is logged.
/// </summary>
public sealed class FaultyHttpServer : IDisposable
{
    private readonly string _root;
    private readonly Func<string, int, HttpFault> _faults;
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string Path, int Status, HttpFault Fault)> _log = new();
    private readonly ConcurrentDictionary<Socket, bool> _connections = new();
    private TcpListener? _listener;
    private CancellationTokenSource? _stop;
    private Task? _accept;

    /// <summary>Starts serving <paramref name="root"/>.</summary>
    /// <param name="root">The directory served.</param>
    /// <param name="faults">Given a request path and how many times it was requested before, what to do.</param>
    public FaultyHttpServer(string root, Func<string, int, HttpFault> faults)
    {
        _root = Path.GetFullPath(root);
        _faults = faults;
        Start();
    }

    /// <summary>The port, kept across <see cref="Stop"/> and <see cref="Start"/>.</summary>
    public int Port { get; private set; }

    /// <summary><c>http://127.0.0.1:PORT</c>.</summary>
    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>Every request so far: path, status and the fault applied.</summary>
    public IReadOnlyList<(string Path, int Status, HttpFault Fault)> Requests => [.. _log];

    /// <summary>How many requests asked for <paramref name="path"/>.</summary>
    public int CountOf(string path) => _counts.TryGetValue(path, out var n) ? n : 0;

    /// <summary>Starts (or restarts) listening on <see cref="Port"/> (a free port the first time).</summary>
    public void Start()
    {
        var listener = new TcpListener(IPAddress.Loopback, Port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start(512);
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        _listener = listener;
        _stop = new CancellationTokenSource();
        var token = _stop.Token;
        _accept = Task.Run(() => AcceptLoop(listener, token), CancellationToken.None);
    }

    /// <summary>Stops listening and closes every open connection.</summary>
    public void Stop()
    {
        _stop?.Cancel();
        _listener?.Stop();
        foreach (var socket in _connections.Keys)
        {
            try
            {
                socket.Close(0);
            }
            catch (ObjectDisposedException)
            {
            }
        }

        _connections.Clear();
        try
        {
            _accept?.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        _stop?.Dispose();
        _stop = null;
        _listener = null;
    }

    /// <inheritdoc/>
    public void Dispose() => Stop();

    private async Task AcceptLoop(TcpListener listener, CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptSocketAsync(token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _connections[socket] = true;
            _ = Task.Run(() => Serve(socket, token), CancellationToken.None);
        }
    }

    private async Task Serve(Socket socket, CancellationToken token)
    {
        try
        {
            using var stream = new NetworkStream(socket, ownsSocket: true);
            var buffer = new byte[16384];
            var filled = 0;
            while (!token.IsCancellationRequested)
            {
                // Read one request head.
                int end;
                while ((end = IndexOfHeadEnd(buffer.AsSpan(0, filled))) < 0)
                {
                    if (filled == buffer.Length)
                    {
                        return;
                    }

                    var n = await stream.ReadAsync(buffer.AsMemory(filled), token);
                    if (n == 0)
                    {
                        return;
                    }

                    filled += n;
                }

                var head = Encoding.ASCII.GetString(buffer, 0, end);
                Buffer.BlockCopy(buffer, end + 4, buffer, 0, filled - end - 4);
                filled -= end + 4;
                var requestLine = head.Split("\r\n")[0].Split(' ');
                if (requestLine.Length < 3 || requestLine[0] != "GET")
                {
                    await WriteStatus(stream, 405, "Method Not Allowed", token);
                    return;
                }

                var path = Uri.UnescapeDataString(requestLine[1].Split('?')[0]);
                var count = _counts.AddOrUpdate(path, 1, (_, n) => n + 1) - 1;
                var fault = _faults(path, count);
                if (!await Answer(stream, path, fault, token))
                {
                    return;
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // A closed connection is how this server fails on purpose.
        }
        finally
        {
            _connections.TryRemove(socket, out _);
        }
    }

    private async Task<bool> Answer(NetworkStream stream, string path, HttpFault fault, CancellationToken token)
    {
        if (fault == HttpFault.ServerError)
        {
            _log.Enqueue((path, 500, fault));
            await WriteStatus(stream, 500, "Internal Server Error", token);
            return true;
        }

        var file = Path.GetFullPath(Path.Combine(_root, path.TrimStart('/')));
        if (!file.StartsWith(_root + "/", StringComparison.Ordinal) || !File.Exists(file))
        {
            _log.Enqueue((path, 404, fault));
            await WriteStatus(stream, 404, "Not Found", token);
            return true;
        }

        var body = await File.ReadAllBytesAsync(file, token);
        switch (fault)
        {
            case HttpFault.Corrupt when body.Length > 0:
                body[body.Length / 2] ^= 0x5a;
                break;
            case HttpFault.Oversize:
                body = [.. body, .. new byte[4096]];
                break;
        }

        _log.Enqueue((path, 200, fault));
        var header = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Length: {body.Length}\r\nContent-Type: application/octet-stream\r\n\r\n");
        await stream.WriteAsync(header, token);
        if (fault == HttpFault.DropMidBody)
        {
            await stream.WriteAsync(body.AsMemory(0, body.Length / 2), token);
            await stream.FlushAsync(token);
            return false;
        }

        await stream.WriteAsync(body, token);
        return true;
    }

    private static async Task WriteStatus(NetworkStream stream, int code, string reason, CancellationToken token)
    {
        var body = Encoding.ASCII.GetBytes(reason + "\n");
        var header = Encoding.ASCII.GetBytes($"HTTP/1.1 {code} {reason}\r\nContent-Length: {body.Length}\r\nContent-Type: text/plain\r\n\r\n");
        await stream.WriteAsync(header, token);
        await stream.WriteAsync(body, token);
    }

    private static int IndexOfHeadEnd(ReadOnlySpan<byte> data) => data.IndexOf("\r\n\r\n"u8);
}
