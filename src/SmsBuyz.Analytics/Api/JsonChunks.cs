using System.Buffers;
using System.Text.Json;

namespace SmsBuyz.Analytics.Api;

/// <summary>Reads an answer token by token as it arrives; what it could not use of the answer is in <see cref="Problems"/>.</summary>
internal interface ITokenReader
{
    /// <summary>Called once for every token, in order. Must not look ahead: the next token may not have arrived yet.</summary>
    void Token(ref Utf8JsonReader reader);

    IReadOnlyList<string> Problems { get; }
}

/// <summary>Told the bytes of a body as they are read.</summary>
internal delegate void BytesRead(ReadOnlySpan<byte> bytes);

/// <summary>
/// Feeds a JSON body to an <see cref="ITokenReader"/> in chunks, keeping only the token that straddles two chunks: a
/// 25 MB price list is read through a 64 KB buffer. The reader validates as <see cref="JsonDocument.Parse(ReadOnlyMemory{byte}, JsonDocumentOptions)"/>
/// does (same depth limit, no comments, nothing after the value), so broken JSON throws the same <see cref="JsonException"/>.
/// </summary>
internal static class JsonChunks
{
    private const int ChunkBytes = 64 * 1024;

    /// <summary>A body already in memory, read as one chunk: the same tokens in the same order as streamed.</summary>
    public static T Read<T>(ReadOnlySpan<byte> json, T tokens) where T : ITokenReader
    {
        var reader = new Utf8JsonReader(json);
        while (reader.Read())
            tokens.Token(ref reader);
        return tokens;
    }

    /// <param name="read">Told every chunk before it is parsed (for the size limit and the error excerpt).</param>
    public static async Task ReadAsync(Stream body, ITokenReader tokens, BytesRead read, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        var state = new JsonReaderState();
        var held = 0;
        try
        {
            while (true)
            {
                if (held == buffer.Length)
                    buffer = Grow(buffer); // one token longer than the buffer: a string of 64 KB
                var count = await body.ReadAsync(buffer.AsMemory(held), ct);
                read(buffer.AsSpan(held, count));
                held += count;
                var final = count == 0;
                int consumed;
                using (SweepStages.Time(SweepStage.Parse))
                    consumed = Consume(buffer.AsSpan(0, held), final, ref state, tokens);
                if (final)
                    return;
                buffer.AsSpan(consumed, held - consumed).CopyTo(buffer);
                held -= consumed;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <returns>The bytes of the whole tokens read; the rest waits for the next chunk.</returns>
    private static int Consume(ReadOnlySpan<byte> data, bool final, ref JsonReaderState state, ITokenReader tokens)
    {
        var reader = new Utf8JsonReader(data, final, state);
        while (reader.Read())
            tokens.Token(ref reader);
        state = reader.CurrentState;
        return (int)reader.BytesConsumed;
    }

    private static byte[] Grow(byte[] buffer)
    {
        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
        buffer.CopyTo(larger, 0);
        ArrayPool<byte>.Shared.Return(buffer);
        return larger;
    }
}
