using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace OsTree.Transport;

/// <summary>
/// Fetches files of a repository published over HTTP(S) with one pooled <see cref="HttpClient"/> (HTTP/1.1
/// keep-alive, several connections), retrying transient failures with capped exponential backoff.
/// </summary>
internal sealed class HttpFetcher : IRemoteFetcher
{
    private readonly Uri _base;
    private readonly HttpClient _client;
    private readonly bool _ownsClient;
    private readonly FetchSettings _settings;
    private readonly Action<long>? _onBytes;
    private readonly ILogger _logger;

    /// <summary>Creates a fetcher for the repository at <paramref name="baseUri"/>.</summary>
    /// <param name="baseUri">The repository's root (<c>http://host/repo</c>); a trailing slash is added.</param>
    /// <param name="settings">Connections, retries and timeouts.</param>
    /// <param name="onBytes">Called with each chunk's size as bytes arrive.</param>
    /// <param name="logger">Receives retry warnings.</param>
    /// <param name="client">A client to use instead of a private one (it is not disposed).</param>
    internal HttpFetcher(Uri baseUri, FetchSettings settings, Action<long>? onBytes = null, ILogger? logger = null, HttpClient? client = null)
    {
        ArgumentNullException.ThrowIfNull(baseUri);
        if (baseUri.Scheme != Uri.UriSchemeHttp && baseUri.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException($"'{baseUri}' is not an http or https address.", nameof(baseUri));
        }

        _base = baseUri.AbsoluteUri.EndsWith('/') ? baseUri : new Uri(baseUri.AbsoluteUri + "/");
        _settings = settings;
        _onBytes = onBytes;
        _logger = logger ?? NullLogger.Instance;
        if (client is null)
        {
            var handler = new SocketsHttpHandler
            {
                MaxConnectionsPerServer = Math.Max(1, settings.MaxConnections),
                AutomaticDecompression = DecompressionMethods.None,
                ConnectTimeout = TimeSpan.FromSeconds(30),
                PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
                EnableMultipleHttp2Connections = true,
                UseCookies = false,
            };
            _client = new HttpClient(handler, disposeHandler: true)
            {
                Timeout = Timeout.InfiniteTimeSpan,
                DefaultRequestVersion = HttpVersion.Version11,
                DefaultVersionPolicy = HttpVersionPolicy.RequestVersionOrHigher,
            };
            _client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("OsTree.NET", typeof(HttpFetcher).Assembly.GetName().Version?.ToString(3) ?? "0"));
            _ownsClient = true;
        }
        else
        {
            _client = client;
        }
    }

    /// <inheritdoc/>
    public string Location => _base.AbsoluteUri;

    /// <inheritdoc/>
    public async Task<FetchedBody?> TryFetchAsync(string path, long maxSize, string? spillDirectory, FetchLimitRefiner? refineLimit, CancellationToken cancellationToken)
    {
        FetchedBody? result = null;
        try
        {
            var found = await TryFetchStreamAsync(
                path,
                maxSize,
                refineLimit,
                async (body, token) =>
                {
                    var read = await FetchedBody.ReadAsync(body, spillDirectory, token).ConfigureAwait(false);
                    result?.Dispose();
                    result = read;
                },
                cancellationToken).ConfigureAwait(false);
            return found ? result : null;
        }
        catch
        {
            result?.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public async Task<bool> TryFetchStreamAsync(string path, long maxSize, FetchLimitRefiner? refineLimit, Func<BodyStream, CancellationToken, Task> consume, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(consume);
        var uri = new Uri(_base, path);
        for (var attempt = 0; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            TransientFetchException failure;
            try
            {
                return await FetchOnceAsync(uri, maxSize, refineLimit, consume, cancellationToken).ConfigureAwait(false);
            }
            catch (TransientFetchException e)
            {
                failure = e;
            }

            if (attempt >= _settings.Retries)
            {
                var message = $"Cannot fetch {uri} after {attempt + 1} attempts: {failure.Message}";
                throw failure.InnerException is null
                    ? new PullException(message) { Uri = uri, StatusCode = failure.StatusCode }
                    : new PullException(message, failure.InnerException) { Uri = uri, StatusCode = failure.StatusCode };
            }

            var delay = _settings.Backoff(attempt + 1);
            PullLog.Retrying(_logger, uri, failure.Message, attempt + 1, _settings.Retries, (long)delay.TotalMilliseconds);
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_ownsClient)
        {
            _client.Dispose();
        }
    }

    private async Task<bool> FetchOnceAsync(Uri uri, long maxSize, FetchLimitRefiner? refineLimit, Func<BodyStream, CancellationToken, Task> consume, CancellationToken cancellationToken)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        idle.CancelAfter(_settings.IdleTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        HttpResponseMessage sent;
        try
        {
            sent = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, idle.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is UriFormatException or NotSupportedException)
        {
            // HttpClient follows a redirect to file:///… (or another address it cannot use) and fails with these.
            throw new PullException($"Cannot fetch {uri}: the server redirected to an address that cannot be fetched ({e.Message})", e) { Uri = uri };
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is HttpRequestException or IOException or OperationCanceledException)
        {
            throw new TransientFetchException(e is OperationCanceledException ? $"no data for {_settings.IdleTimeout.TotalSeconds:0} s" : e.Message, null, e);
        }

        using var response = sent;
        var code = (int)response.StatusCode;
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone)
        {
            return false;
        }

        if (code >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests)
        {
            throw new TransientFetchException($"server answered {code} {response.ReasonPhrase}", code);
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new PullException($"Cannot fetch {uri}: server answered {code} {response.ReasonPhrase}.") { Uri = uri, StatusCode = code };
        }

        var declared = response.Content.Headers.ContentLength;
        if (declared > maxSize)
        {
            throw new PullException($"{uri} is {declared} bytes, more than the {maxSize} bytes allowed for it.") { Uri = uri };
        }

        using var limiter = new PrefixLimiter(refineLimit, maxSize);
        Stream content;
        try
        {
            content = await response.Content.ReadAsStreamAsync(idle.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is HttpRequestException or IOException or OperationCanceledException)
        {
            throw new TransientFetchException(e.Message, null, e);
        }

        using (content)
        {
            using var body = new BodyStream(content, declared, limiter, null, uri, _onBytes, idle, _settings.IdleTimeout, cancellationToken);
            await consume(body, body.Token).ConfigureAwait(false);
            PullLog.Fetched(_logger, uri, body.Received);
        }

        return true;
    }
}
