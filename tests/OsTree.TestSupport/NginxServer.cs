using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace OsTree.TestSupport;

/// <summary>
/// Debian's nginx serving one directory as static files on 127.0.0.1, with a private config and prefix in a temporary
/// directory and an access log the test can read (one line per request: method, path, status, body bytes). The
/// process is always killed on dispose. Call <see cref="Start"/> only after <c>Requires.Tool("nginx")</c>.
/// </summary>
public sealed class NginxServer : IDisposable
{
    // Requests for these paths are Requests()' own markers (404s), never shown.
    private const string MarkerPrefix = "/.ostree-net-log-marker-";

    private readonly TempDirectory _prefix = new("ostree-net-nginx");
    private Process? _process;
    private int _workers;
    private int _markers;

    private NginxServer(string root)
    {
        Root = Path.GetFullPath(root);
    }

    /// <summary>The directory served at <see cref="BaseUri"/>.</summary>
    public string Root { get; }

    /// <summary>The port nginx listens on.</summary>
    public int Port { get; private set; }

    /// <summary><c>http://127.0.0.1:PORT</c> (no trailing slash, as an ostree remote url).</summary>
    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>The same as <see cref="Url"/>, as a <see cref="Uri"/>.</summary>
    public Uri BaseUri => new(Url + "/");

    private string AccessLogPath => _prefix.Combine("access.log");

    /// <summary>Starts nginx serving <paramref name="root"/> on a free port of 127.0.0.1.</summary>
    /// <param name="root">The directory to serve.</param>
    /// <param name="workers">Worker processes; 0 runs nginx as a single process (enough for tests).</param>
    public static NginxServer Start(string root, int workers = 0)
    {
        var server = new NginxServer(root);
        try
        {
            server._workers = workers;
            server.Launch(workers);
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The requests served so far, in order, as (method, path, status). nginx logs a request after it has sent the
    /// response, so a client can see the response before its log line exists. A single-process nginx handles one event
    /// at a time and logs a request before it reads the next, so a marker request made now is logged after every
    /// earlier one: the log is read until the marker's line is there (at most 60 s). With worker processes there is no
    /// such order, and the log is read until two reads 100 ms apart agree.
    /// </summary>
    public IReadOnlyList<(string Method, string Path, int Status)> Requests()
    {
        if (_workers == 0)
        {
            var marker = MarkerPrefix + Interlocked.Increment(ref _markers).ToString(System.Globalization.CultureInfo.InvariantCulture);
            RequestMarker(marker);
            var deadline = DateTime.UtcNow.AddSeconds(60);
            for (;;)
            {
                var log = ReadLog();
                var end = log.FindIndex(r => r.Path == marker);
                if (end >= 0)
                {
                    return log.Take(end).Where(r => !r.Path.StartsWith(MarkerPrefix, StringComparison.Ordinal)).ToList();
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"nginx did not log {marker} within 60 s");
                }

                Thread.Sleep(20);
            }
        }

        var list = ReadLog();
        var settle = DateTime.UtcNow.AddSeconds(5);
        while (DateTime.UtcNow < settle)
        {
            Thread.Sleep(100);
            var again = ReadLog();
            if (again.Count == list.Count)
            {
                return again;
            }

            list = again;
        }

        return list;
    }

    private void RequestMarker(string path)
    {
        using var client = new TcpClient();
        client.Connect(IPAddress.Loopback, Port);
        using var stream = client.GetStream();
        var request = System.Text.Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        stream.Write(request);
        stream.CopyTo(Stream.Null); // until nginx closes: the response is complete
    }

    private List<(string Method, string Path, int Status)> ReadLog()
    {
        if (!File.Exists(AccessLogPath))
        {
            return [];
        }

        var list = new List<(string Method, string Path, int Status)>();
        using var stream = new FileStream(AccessLogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            var parts = line.Split(' ');
            if (parts.Length >= 3 && int.TryParse(parts[2], out var status))
            {
                list.Add((parts[0], parts[1], status));
            }
        }

        return list;
    }

    /// <summary>Empties the access log, so that the next <see cref="Requests"/> shows only later requests.</summary>
    public void ClearLog()
    {
        // nginx keeps the file open with O_APPEND, so truncating in place is safe.
        if (File.Exists(AccessLogPath))
        {
            using var stream = new FileStream(AccessLogPath, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
            stream.SetLength(0);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_process is { } process)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit(5000);
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            process.Dispose();
            _process = null;
        }

        _prefix.Dispose();
    }

    private void Launch(int workers)
    {
        var nginx = Tool.Find("nginx") ?? throw new InvalidOperationException("nginx is not installed.");
        foreach (var name in new[] { "logs", "client_body", "proxy", "fastcgi", "uwsgi", "scgi" })
        {
            Directory.CreateDirectory(_prefix.Combine(name));
        }

        // A port picked by the kernel can be taken again before nginx binds it; retry a few times.
        for (var attempt = 0; ; attempt++)
        {
            Port = FreePort();
            var config = _prefix.Combine("nginx.conf");
            File.WriteAllText(config, Config(workers));
            var start = new ProcessStartInfo(nginx)
            {
                UseShellExecute = false,
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            foreach (var arg in new[] { "-p", _prefix.Path + "/", "-c", config, "-e", _prefix.Combine("error.log"), "-g", "daemon off;" })
            {
                start.ArgumentList.Add(arg);
            }

            _process = Process.Start(start) ?? throw new InvalidOperationException("Cannot start nginx.");
            if (WaitUntilListening(_process))
            {
                return;
            }

            var error = File.Exists(_prefix.Combine("error.log")) ? File.ReadAllText(_prefix.Combine("error.log")) : string.Empty;
            try
            {
                _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
            }

            _process.Dispose();
            _process = null;
            if (attempt == 4 || !error.Contains("Address already in use", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"nginx did not start:\n{error}");
            }
        }
    }

    private bool WaitUntilListening(Process process)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            if (process.HasExited)
            {
                return false;
            }

            string response;
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                client.ReceiveTimeout = 2000;
                using var stream = client.GetStream();
                stream.Write("HEAD / HTTP/1.0\r\n\r\n"u8);
                using var reader = new StreamReader(stream);
                response = reader.ReadToEnd();
            }
            catch (SocketException)
            {
                Thread.Sleep(20);
                continue;
            }
            catch (IOException)
            {
                response = string.Empty;
            }

            // Between picking a free port and nginx binding it, another test's server may have taken the port:
            // only the Server header tells them apart. nginx then fails to bind and exits.
            if (response.Contains("\r\nServer: nginx", StringComparison.OrdinalIgnoreCase))
            {
                ClearLog();
                return true;
            }

            process.WaitForExit(5000);
            return false;
        }

        return false;
    }

    private string Config(int workers)
    {
        var p = _prefix.Path;
        var process = workers == 0 ? "master_process off;" : $"user root; worker_processes {workers};";
        return $$"""
            {{process}}
            pid {{p}}/nginx.pid;
            error_log {{p}}/error.log warn;
            events { worker_connections 1024; }
            http {
                log_format ostree '$request_method $uri $status $body_bytes_sent';
                access_log {{p}}/access.log ostree;
                client_body_temp_path {{p}}/client_body;
                proxy_temp_path {{p}}/proxy;
                fastcgi_temp_path {{p}}/fastcgi;
                uwsgi_temp_path {{p}}/uwsgi;
                scgi_temp_path {{p}}/scgi;
                types { }
                default_type application/octet-stream;
                sendfile on;
                tcp_nopush on;
                keepalive_requests 100000;
                keepalive_timeout 65;
                server {
                    listen 127.0.0.1:{{Port}};
                    root {{Root}};
                    location / { }
                }
            }
            """;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
