using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Upload = BatonClerk.Engine.Baton.ServiceV1.BatonServiceUploadAssetRequest;

namespace BatonClerk.Engine.Service;

/// <summary>
/// Streams a file to UploadAsset: metadata, fixed-size data chunks, then EOF with the SHA-256.
/// Each attempt re-sends the whole file; the server only keeps a stream that ended with a valid EOF.
/// </summary>
internal sealed class AssetUploader(C1ServiceClient client, ServiceOptions options, TimeProvider time, ILogger logger)
{
    // How long to wait for the status of a call that already ended under a pending write.
    private static readonly TimeSpan EndedCallGrace = TimeSpan.FromSeconds(10);

    public async Task UploadAsync(string taskId, string path, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await UploadOnceAsync(taskId, path, ct).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (attempt < options.UploadAttempts && !ct.IsCancellationRequested && ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Upload attempt {Attempt} for task {TaskId} failed; retrying", attempt, taskId);
                if (attempt > 1)
                {
                    await Task.Delay(options.UploadRetryDelay, time, ct).ConfigureAwait(false);
                }
            }
        }
    }

    private async Task UploadOnceAsync(string taskId, string path, CancellationToken ct)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        var checksum = await SHA256.HashDataAsync(file, ct).ConfigureAwait(false);
        file.Position = 0;

        logger.LogDebug("Uploading {Bytes} bytes for task {TaskId} in chunks of up to {ChunkSize} bytes", file.Length, taskId, options.UploadChunkSize);
        using var call = await client.StartUploadAsync(ct).ConfigureAwait(false);
        try
        {
            var stream = call.RequestStream;
            await stream.WriteAsync(new Upload { Metadata = new Upload.Types.UploadMetadata { HostId = client.HostId, TaskId = taskId } }, ct).ConfigureAwait(false);
            var buffer = new byte[options.UploadChunkSize];
            int read;
            while ((read = await file.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct).ConfigureAwait(false)) > 0)
            {
                await stream.WriteAsync(new Upload { Data = new Upload.Types.UploadData { Data = ByteString.CopyFrom(buffer, 0, read) } }, ct).ConfigureAwait(false);
            }

            await stream.WriteAsync(new Upload { Eof = new Upload.Types.UploadEOF { Sha256Checksum = ByteString.CopyFrom(checksum) } }, ct).ConfigureAwait(false);
            await stream.CompleteAsync().ConfigureAwait(false);
            await call.ResponseAsync.ConfigureAwait(false);
            logger.LogDebug("Upload for task {TaskId} accepted", taskId);
        }
        catch (RpcException ex)
        {
            client.ObserveFailure(ex);
            throw;
        }
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
        {
            // The server ended the call (status or stream reset) while a write was pending. With
            // ThrowOperationCanceledOnCancellation, grpc-dotnet reports that as a cancellation, but
            // nobody cancelled the task: surface the call's real status so the attempt is retried.
            var failure = await EndedCallStatusAsync(call, ex).ConfigureAwait(false);
            client.ObserveFailure(failure);
            throw failure;
        }
    }

    private static async Task<RpcException> EndedCallStatusAsync(
        AsyncClientStreamingCall<Upload, Baton.ServiceV1.BatonServiceUploadAssetResponse> call, OperationCanceledException cause)
    {
        try
        {
            await call.ResponseAsync.WaitAsync(EndedCallGrace).ConfigureAwait(false);
        }
        catch (RpcException ex)
        {
            return ex;
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
        {
            // Fall through: the call gave no status of its own.
        }

        return new RpcException(new Status(StatusCode.Unavailable, "upload stream ended before the file was sent", cause));
    }
}
