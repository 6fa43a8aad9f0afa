package io.emabridge.model.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * Blocking HTTP/1.1 calls over a pool of kept-alive connections, for the API clients of
 * the archive and WHMCS.
 * <p>
 * Why not the JDK's {@code HttpClient}: its {@code send} blocks the calling thread
 * anyway, while a selector thread and an executor thread do the I/O and hand the answer
 * back. At the provisioning worker's rates those hand-offs cost more CPU than the calls
 * themselves (the client's threads took over a third of the worker's CPU at one call per
 * event). Here the calling thread does its own I/O.
 * <p>
 * Like the JDK client, the pool has no practical bound (a connection per call in flight,
 * opened on demand), so a call never waits for a connection. A connection idle for a
 * while is checked before reuse, closed after {@link #IDLE_LIFETIME} idle (one daemon
 * thread looks after every client's pool), and not used beyond {@link #MAX_LIFETIME}, so
 * that a changed DNS entry is followed. Nothing is retried or redirected here: the
 * callers decide what a failure means. Failures keep the JDK client's types, which the
 * callers classify: {@link HttpConnectTimeoutException} and {@link ConnectException} (the
 * request never left), {@link HttpTimeoutException} (no answer in time), any other
 * {@link IOException} (no answer).
 */
public final class BlockingHttp {

	/** How long an idle connection is kept for reuse. */
	static final Duration IDLE_LIFETIME = Duration.ofMinutes(1);

	/** How long a connection is used at most. */
	static final Duration MAX_LIFETIME = Duration.ofMinutes(5);

	/** Every client's pool, for the closing of idle connections; gone with its client. */
	private static final Set<PoolingHttpClientConnectionManager> POOLS = Collections
		.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

	private static final ScheduledExecutorService IDLE_CLOSER = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "http-idle-closer");
		thread.setDaemon(true);
		return thread;
	});

	static {
		IDLE_CLOSER.scheduleWithFixedDelay(BlockingHttp::closeIdle, 15, 15, TimeUnit.SECONDS);
	}

	/** Idle this long, a connection is checked for a close by the server before reuse. */
	private static final TimeValue VALIDATE_AFTER = TimeValue.ofSeconds(2);

	/** Far above any number of calls a worker has in flight. */
	private static final int MAX_CONNECTIONS = 10_000;

	private final CloseableHttpClient client;

	private final RequestConfig config;

	/**
	 * A client whose connections are made within {@code connectTimeout} and whose answers
	 * must begin within {@code requestTimeout}.
	 */
	public BlockingHttp(Duration connectTimeout, Duration requestTimeout) {
		this(connectTimeout, requestTimeout, defaultTls());
	}

	/**
	 * A client that trusts what {@code tls} trusts, where the JVM's default context (its
	 * trust store, and its key store for client certificates) will not do.
	 */
	BlockingHttp(Duration connectTimeout, Duration requestTimeout, SSLContext tls) {
		ConnectionConfig connections = ConnectionConfig.custom()
			.setConnectTimeout(Timeout.of(connectTimeout))
			.setSocketTimeout(Timeout.of(requestTimeout))
			.setValidateAfterInactivity(VALIDATE_AFTER)
			.setTimeToLive(TimeValue.of(MAX_LIFETIME))
			.build();
		PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
			.setMaxConnTotal(MAX_CONNECTIONS)
			.setMaxConnPerRoute(MAX_CONNECTIONS)
			.setDefaultConnectionConfig(connections)
			.setTlsSocketStrategy(new DefaultClientTlsStrategy(tls))
			.build();
		POOLS.add(pool);
		this.client = HttpClients.custom()
			.setConnectionManager(pool)
			.disableAutomaticRetries()
			.disableRedirectHandling()
			.disableCookieManagement()
			.disableAuthCaching()
			.disableContentCompression()
			.build();
		this.config = RequestConfig.custom()
			.setResponseTimeout(Timeout.of(requestTimeout))
			.setConnectionRequestTimeout(Timeout.of(requestTimeout))
			.build();
	}

	/** A GET. */
	public Response get(URI uri, String... headers) throws IOException {
		return send("GET", uri, null, null, headers);
	}

	/**
	 * A request with a body ({@code null} for none: sent with a zero length, as a PUT
	 * without a body must be).
	 * @param headers names and values, alternating
	 */
	public Response send(String method, URI uri, byte[] body, String contentType, String... headers)
			throws IOException {
		HttpUriRequestBase request = new HttpUriRequestBase(method, uri);
		request.setConfig(this.config);
		for (int i = 0; i + 1 < headers.length; i += 2) {
			request.addHeader(headers[i], headers[i + 1]);
		}
		if (body != null || !"GET".equals(method)) {
			request.setEntity(new ByteArrayEntity((body != null) ? body : new byte[0],
					(contentType != null) ? ContentType.parse(contentType) : null));
		}
		try {
			return this.client.execute(request, (response) -> {
				HttpEntity entity = response.getEntity();
				Header retryAfter = response.getFirstHeader("Retry-After");
				return new Response(response.getCode(), (entity != null) ? EntityUtils.toByteArray(entity) : null,
						(retryAfter != null) ? retryAfter.getValue() : null);
			});
		}
		catch (ConnectTimeoutException ex) {
			throw withCause(new HttpConnectTimeoutException(ex.getMessage()), ex);
		}
		catch (UnknownHostException ex) {
			// the JDK client's word for it: the request never left
			throw withCause(new ConnectException("unknown host: " + ex.getMessage()), ex);
		}
		catch (InterruptedIOException ex) {
			if (Thread.currentThread().isInterrupted()) {
				throw ex;
			}
			// a socket or response timeout, or the pool's wait
			throw withCause(new HttpTimeoutException("request timed out: " + ex.getMessage()), ex);
		}
	}

	private static void closeIdle() {
		List<PoolingHttpClientConnectionManager> pools;
		synchronized (POOLS) {
			pools = new ArrayList<>(POOLS);
		}
		for (PoolingHttpClientConnectionManager pool : pools) {
			pool.closeExpired();
			pool.closeIdle(TimeValue.of(IDLE_LIFETIME));
		}
	}

	/**
	 * The context the JDK's client uses too, configured by the javax.net.ssl properties.
	 */
	private static SSLContext defaultTls() {
		try {
			return SSLContext.getDefault();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("This JVM has no default TLS context", ex);
		}
	}

	private static <T extends IOException> T withCause(T exception, Throwable cause) {
		exception.initCause(cause);
		return exception;
	}

	/**
	 * An answer: its status, its body ({@code null} when it had none) and its
	 * {@code Retry-After} header ({@code null} when it had none).
	 */
	public record Response(int status, byte[] body, String retryAfter) {
	}

}
