namespace PeerLink.Server.Infrastructure;

/// <summary>Per-endpoint request body caps (spec §6: 8 KiB publish and sessions, 16 KiB signals and
/// telemetry). Enforced by counting bytes as they are read, so a chunked body without a
/// Content-Length is capped too, on Kestrel and on the test server alike.</summary>
internal static class BodyLimits
{
    public const int Small = 8 * 1024;
    public const int Large = 16 * 1024;

    public static TBuilder WithBodyLimit<TBuilder>(this TBuilder builder, int bytes)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new BodyLimit(bytes));

    public static WebApplication UseBodyLimits(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var limit = context.GetEndpoint()?.Metadata.GetMetadata<BodyLimit>()?.Bytes ?? Large;
            if (context.Request.ContentLength > limit)
            {
                throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge);
            }

            context.Request.Body = new LimitedReadStream(context.Request.Body, limit);
            await next(context);
        });
        return app;
    }

    internal sealed record BodyLimit(int Bytes);

    private sealed class LimitedReadStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _read;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int read)
        {
            _read += read;
            if (_read > limit)
            {
                throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge);
            }

            return read;
        }
    }
}
