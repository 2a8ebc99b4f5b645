using System.IO.Pipelines;

namespace AssessmentScorer.Api;

/// <summary>
/// Bounds the large batches in work at once (<see cref="ApiLimits.MaxConcurrentBatches"/>) and those waiting for a turn
/// (<see cref="ApiLimits.MaxQueuedBatches"/>); a batch beyond both is answered 429 <c>AS5023</c> with Retry-After, so
/// concurrent national cohorts wait their turn instead of exhausting memory. A batch holds its turn from before its
/// body is read until its response is written.
/// </summary>
public sealed class BatchGate
{
    private readonly SemaphoreSlim _slots;
    private readonly int _maxQueued;
    private int _waiting;
    private int _inWork;
    private int _peak;

    public BatchGate(int maxConcurrent, int maxQueued)
    {
        Concurrency = Math.Max(1, maxConcurrent);
        _slots = new SemaphoreSlim(Concurrency, Concurrency);
        _maxQueued = Math.Max(0, maxQueued);
    }

    /// <summary>Batches allowed in work at once.</summary>
    public int Concurrency { get; }

    /// <summary>The most batches ever in work at once (never above <see cref="Concurrency"/>).</summary>
    public int PeakInWork => Volatile.Read(ref _peak);

    /// <summary>Batches waiting for a turn now.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>A turn, waited for in the queue; null when the queue is full (answer 429).</summary>
    public async Task<Turn?> EnterAsync(CancellationToken ct)
    {
        if (!_slots.Wait(0))
        {
            if (Interlocked.Increment(ref _waiting) > _maxQueued)
            {
                Interlocked.Decrement(ref _waiting);
                return null;
            }
            try { await _slots.WaitAsync(ct); }
            finally { Interlocked.Decrement(ref _waiting); }
        }
        var now = Interlocked.Increment(ref _inWork);
        int peak;
        while (now > (peak = Volatile.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, now, peak) != peak) { }
        return new Turn(this);
    }

    /// <summary>A batch's turn; disposing it lets the next batch in.</summary>
    public sealed class Turn(BatchGate gate) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 1) return;
            Interlocked.Decrement(ref gate._inWork);
            gate._slots.Release();
        }
    }
}

/// <summary>
/// A 200 response written as it is made: the writer runs on its own thread into a pipe that the response reads, so
/// the first results leave while later ones are still being written and nothing waits whole in memory. The batch's
/// turn is given back when the last byte is written.
/// </summary>
internal sealed class StreamedResult(string contentType, Action<Stream> write, IDisposable? turn) : IResult
{
    public async Task ExecuteAsync(HttpContext context)
    {
        try
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = contentType;
            var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 1 << 20, resumeWriterThreshold: 1 << 19));
            var writing = Task.Run(() =>
            {
                Exception? failed = null;
                try
                {
                    using var stream = pipe.Writer.AsStream(leaveOpen: true);
                    write(stream);
                    stream.Flush();
                }
                catch (Exception ex) { failed = ex; throw; }
                finally { pipe.Writer.Complete(failed); }
            });
            try { await pipe.Reader.CopyToAsync(context.Response.Body, context.RequestAborted); }
            finally { await pipe.Reader.CompleteAsync(); }
            await writing;
        }
        finally { turn?.Dispose(); }
    }
}
