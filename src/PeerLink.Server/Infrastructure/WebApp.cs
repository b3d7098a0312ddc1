using Microsoft.AspNetCore.StaticFiles;

namespace PeerLink.Server.Infrastructure;

/// <summary>Serves the demo app from <c>wwwroot/</c> (written by the web build; the service starts
/// without it).</summary>
internal static class WebApp
{
    public static WebApplication UseWebApp(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            // On starting, so answers rewritten by the exception handler (which clears headers)
            // carry them too. The token travels in the URL fragment; no page or API answer should
            // leak the URL further through Referer.
            var response = context.Response;
            response.OnStarting(() =>
            {
                response.Headers["Referrer-Policy"] = "no-referrer";
                response.Headers.XContentTypeOptions = "nosniff";
                return Task.CompletedTask;
            });
            return next(context);
        });

        var contentTypes = new FileExtensionContentTypeProvider();
        contentTypes.Mappings[".js"] = "text/javascript; charset=utf-8";
        contentTypes.Mappings[".mjs"] = "text/javascript; charset=utf-8";
        contentTypes.Mappings[".html"] = "text/html; charset=utf-8";
        contentTypes.Mappings[".map"] = "application/json";
        contentTypes.Mappings[".webmanifest"] = "application/manifest+json";

        // Only requests that can name a file reach the file system: the API's paths have no
        // extension, and probing the disk for every /lookup cost ~1.6 µs a request.
        app.UseWhen(IsFileRequest, files => files.UseDefaultFiles().UseStaticFiles(new StaticFileOptions
        {
            ContentTypeProvider = contentTypes,
            OnPrepareResponse = context =>
            {
                if (context.Context.Request.Path.StartsWithSegments("/sdk", out var rest))
                {
                    SdkHeaders(context.Context.Response.Headers, rest);
                }
                else if (context.File.Name.EndsWith(".html", StringComparison.OrdinalIgnoreCase))
                {
                    // The page must pick up a new app build at once, and holds the token in its URL.
                    var headers = context.Context.Response.Headers;
                    headers.CacheControl = "no-cache, no-store, must-revalidate";
                    headers.XFrameOptions = "DENY";
                }
            },
        }));
        return app;
    }

    /// <summary>
    /// SDK files are for other origins' pages too (a payment app importing the SDK from its
    /// rendezvous, CDN-style): any origin may load them, the API's CORS policy is not involved.
    /// <c>/sdk/&lt;version&gt;/…</c> never changes once built, so it is cached for a year; the
    /// unversioned <c>/sdk/…</c> follows the deployed build and is cached briefly.
    /// </summary>
    private static void SdkHeaders(IHeaderDictionary headers, PathString rest)
    {
        headers.AccessControlAllowOrigin = "*";
        headers["Cross-Origin-Resource-Policy"] = "cross-origin";
        var versioned = rest.Value is { } r && r.IndexOf('/', 1) > 0 && char.IsAsciiDigit(r[1]);
        headers.CacheControl = versioned ? "public, max-age=31536000, immutable" : "public, max-age=300";
    }

    private static bool IsFileRequest(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            return false;
        }

        var path = request.Path.Value;
        return string.IsNullOrEmpty(path) || path == "/" || Path.HasExtension(path);
    }
}
