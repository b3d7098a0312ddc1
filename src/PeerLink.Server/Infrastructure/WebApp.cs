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
                if (context.File.Name.EndsWith(".html", StringComparison.OrdinalIgnoreCase))
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
