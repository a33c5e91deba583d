/**
 * HTTP/1.1 and HTTP/2 for the VUs, on Netty. One {@link dev.loadlab.runner.http.HttpClient} per VU runs an exchange
 * from its step to the VU's next step; each concept it uses has its class:
 * <ul>
 *   <li>{@code StepTarget}: where a step's requests go and the resource they count under, once per step and loop
 *       (the label of a templated URL per request, by {@link dev.loadlab.runner.engine.ResourceLabel}, the same rule the
 *       plan applies to constant URLs);</li>
 *   <li>{@code Exchange}: the request in flight and its phases' timestamps, one per VU, reset per request and per
 *       redirect hop, recorded into the loop's metrics;</li>
 *   <li>{@code Connections} and {@code Connection}: the VU's keep-alive connections by origin, TCP, TLS and ALPN
 *       set-up ({@code Http2Streams} for HTTP/2), {@code ByteCounter} for the bytes on the wire;</li>
 *   <li>{@code RequestHeaders}: a request's headers as a flat list; {@code ResponseHandler}: a response read,
 *       the body kept only when something reads it; {@code ResponseStream} and {@code StreamDecoder}: a streamed
 *       body's events;</li>
 *   <li>{@code Deadline}: the timeout, one lazily re-armed timer per VU; {@code Redirects}: which redirects are
 *       followed and how; {@code TraceSampler}: whether the exchange is traced; {@code ErrorKind}: why one got no
 *       response.</li>
 * </ul>
 * Everything here belongs to the VU's event loop (see {@code dev.loadlab.runner.engine}'s package-info).
 */
package dev.loadlab.runner.http;
