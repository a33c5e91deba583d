/**
 * The load engine.
 *
 * <h2>Threading model</h2>
 * <ul>
 *   <li>Netty event loops, one per core by default. Each {@link dev.loadlab.runner.engine.VirtualUser} is
 *       created on one loop and lives there: its steps, timers, connections and variables are touched only
 *       by that loop's thread, so a VU needs no locks and its state is allocated once and reset between
 *       iterations.</li>
 *   <li>Each loop owns one {@link dev.loadlab.results.LoopMetrics}: the VUs of that loop record into
 *       it with plain field writes. Readers never touch it: they submit a snapshot task to the loop, which
 *       copies its histograms and counters into a {@link dev.loadlab.results.Stats} and
 *       hands that over through a future. Snapshots from all loops are merged on the reader's thread.</li>
 *   <li>Executors ({@code dev.loadlab.runner.executors}) decide when iterations start. Closed models
 *       (VU-based) let each VU loop on its own thread and consult shared, atomic budgets only between
 *       iterations (shared-iterations). Arrival-rate models run a 1 ms ticker on one loop that computes
 *       the intended start time of every due iteration, takes an idle VU from a concurrent queue, and
 *       hands it the iteration through its loop's task queue; the intended time travels with it, so the
 *       first request of the iteration measures its latency from when it should have started.</li>
 *   <li>Protocols that bring their own client library keep to the same rule: a gRPC step's channel
 *       ({@code dev.loadlab.runner.grpc}) does its I/O on the VU's loop and runs every callback there (the loop is
 *       the channel's executor), so the VU's state is still touched by one thread. Its schema is read before the
 *       load starts, on the caller's thread, never on a loop.</li>
 *   <li>What a protocol client works out per step rather than per request (a constant URL parsed, a named
 *       resource's live figures) is kept per step and loop ({@link dev.loadlab.runner.engine.LoopContext#stepState}),
 *       shared by the loop's VUs: ten thousand VUs hold no copy of it each.</li>
 *   <li>Crossing threads happens only through {@code EventLoop.execute}, futures, atomics and the idle-VU
 *       queue; nothing on the request path allocates beyond Netty's own buffers and the request/response
 *       objects.</li>
 * </ul>
 */
package dev.loadlab.runner.engine;
