package io.emabridge.sandbox.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import io.emabridge.sandbox.Faults;
import io.emabridge.sandbox.PendingRequest;
import io.emabridge.sandbox.RecordedRequest;

/**
 * A sandbox HTTP server: real HTTP on the JDK's built-in server, with fault injection and
 * a request log for the API paths, and the shared control endpoints under
 * {@code /_sandbox}:
 * <ul>
 * <li>{@code GET /_sandbox/health}</li>
 * <li>{@code GET|POST|DELETE /_sandbox/faults} (read, set, clear the faults; see
 * {@link Faults} for the fields, {@code pathContains}, {@code action} and
 * {@code bodyContains} narrowing them to some requests)</li>
 * <li>{@code GET|DELETE /_sandbox/requests} (read, clear the request log; filters
 * {@code method}, {@code action}, {@code pathPrefix}, {@code limit})</li>
 * <li>{@code POST /_sandbox/reset} (state, faults and log back to the start-up
 * options)</li>
 * </ul>
 * Subclasses implement the API itself and their own control endpoints. With a state file
 * in the settings, the state (never the faults, the request log or credentials) is loaded
 * from it at start and kept in it while running (see {@link StateFile}); subclasses
 * report every change of their state with {@link #stateChanged()}.
 */
public abstract class SandboxServer implements AutoCloseable {

	/**
	 * Prefix of the control endpoints; faults never apply to them and they are never
	 * logged.
	 */
	public static final String CONTROL_PREFIX = "/_sandbox";

	private static final Logger LOG = LoggerFactory.getLogger(SandboxServer.class);

	static {
		// Headers and body are written separately; without this, small answers can wait
		// for delayed ACKs.
		if (System.getProperty("sun.net.httpserver.nodelay") == null) {
			System.setProperty("sun.net.httpserver.nodelay", "true");
		}
	}

	private final String name;

	private final ServerSettings settings;

	private final HttpServer server;

	private final ExecutorService executor;

	private final FaultInjector injector;

	private final RequestLog requestLog;

	private final Random random;

	private final String baseUrl;

	private final StateFile stateFile;

	private final Map<Long, PendingRequest> pending = new ConcurrentHashMap<>();

	private final AtomicLong pendingIds = new AtomicLong();

	private volatile boolean closed;

	protected SandboxServer(String name, ServerSettings settings) {
		this.name = name;
		this.settings = settings;
		this.injector = new FaultInjector(settings.seed());
		this.injector.set(settings.faults());
		this.requestLog = new RequestLog(settings.requestLogCapacity());
		this.random = (settings.seed() == null) ? new Random() : new Random(settings.seed() + 1);
		try {
			InetAddress address = InetAddress.getByName(settings.bindAddress());
			this.server = HttpServer.create(new InetSocketAddress(address, settings.port()), 1024);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot listen on " + settings.bindAddress() + ":" + settings.port(), ex);
		}
		this.executor = Executors.newCachedThreadPool(daemonThreads(name));
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::handle);
		this.baseUrl = "http://" + urlHost(settings.bindAddress()) + ":" + this.server.getAddress().getPort();
		this.stateFile = (settings.stateFile() == null) ? null
				: new StateFile(settings.stateFile(), name.toLowerCase(Locale.ROOT) + "-sandbox", this::stateSnapshot);
	}

	/**
	 * Loads the state file, if any, and starts answering requests; subclasses call it
	 * once they are fully built.
	 * @throws IllegalStateException naming the file when the state file cannot be loaded
	 * (nothing is left running)
	 */
	protected final void startServing() {
		if (this.stateFile != null) {
			try {
				loadState();
			}
			catch (RuntimeException ex) {
				this.server.stop(0);
				this.executor.shutdownNow();
				throw ex;
			}
		}
		this.server.start();
		if (this.stateFile != null) {
			this.stateFile.start();
		}
		LOG.info("{} sandbox listening on {}", this.name, this.baseUrl);
	}

	private void loadState() {
		JsonNode state = this.stateFile.read();
		if (state == null) {
			LOG.info("{} sandbox: no state file at {} yet, starting empty", this.name, this.stateFile.path());
			return;
		}
		try {
			restoreState(state);
		}
		catch (JacksonException ex) {
			throw this.stateFile.unreadable(StateFile.describe(ex), ex);
		}
		catch (RuntimeException ex) {
			throw this.stateFile.unreadable((ex.getMessage() == null) ? ex.toString() : ex.getMessage(), ex);
		}
		this.stateFile.unchanged();
		LOG.info("{} sandbox: state loaded from {}", this.name, this.stateFile.path());
	}

	public int port() {
		return this.server.getAddress().getPort();
	}

	/** {@code http://host:port}, without a trailing slash. */
	public String baseUrl() {
		return this.baseUrl;
	}

	protected final Clock clock() {
		return this.settings.clock();
	}

	/**
	 * Random source for generated values (separate from the fault rolls); seeded from the
	 * settings' seed.
	 */
	protected final Random random() {
		return this.random;
	}

	/** Replaces the active faults (a {@code rateLimitBurst} starts counting again). */
	public void faults(Faults faults) {
		this.injector.set(faults);
	}

	public Faults faults() {
		return this.injector.current();
	}

	public void clearFaults() {
		this.injector.set(Faults.none());
	}

	/** API requests seen so far, oldest first (bounded by the request log capacity). */
	public List<RecordedRequest> requests() {
		return this.requestLog.snapshot();
	}

	public void clearRequests() {
		this.requestLog.clear();
	}

	/**
	 * API requests being answered right now, oldest first: arrived, and not answered yet
	 * (waiting out an injected latency, say). A caller that needs to act while a request
	 * is under way (stop the client that sent it) waits for it here.
	 */
	public List<PendingRequest> pendingRequests() {
		return this.pending.values().stream().sorted(Comparator.comparing(PendingRequest::arrived)).toList();
	}

	/** The file the state is kept in; empty when the state is in memory only. */
	public Optional<Path> stateFile() {
		return Optional.ofNullable(this.stateFile).map(StateFile::path);
	}

	/**
	 * Writes the state file now (it is also written within
	 * {@link StateFile#WRITE_INTERVAL} of every change, and on {@link #close()}); does
	 * nothing without a state file.
	 * @throws java.io.UncheckedIOException when the file cannot be written
	 */
	public void saveState() {
		if (this.stateFile != null) {
			this.stateFile.write();
		}
	}

	/**
	 * Back to the start-up state: the state of the sandbox, the faults of the options, an
	 * empty request log. The state is emptied, not reloaded: with a state file, the file
	 * then holds the empty state.
	 */
	public void reset() {
		resetState();
		this.injector.set(this.settings.faults());
		this.requestLog.clear();
	}

	/**
	 * Stops answering requests and, with a state file, writes it a last time.
	 * @throws java.io.UncheckedIOException when the state file cannot be written
	 */
	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		this.server.stop(0);
		this.executor.shutdownNow();
		try {
			this.executor.awaitTermination(2, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (this.stateFile != null) {
			this.stateFile.close();
		}
	}

	/**
	 * Records that the state changed, so the state file (if any) is written soon. Cheap;
	 * call after the change.
	 */
	protected final void stateChanged() {
		if (this.stateFile != null) {
			this.stateFile.changed();
		}
	}

	/**
	 * The state to keep in the state file, as values the JSON mapper writes; never
	 * credentials.
	 */
	protected abstract Map<String, Object> stateSnapshot();

	/**
	 * Puts the state of a state file (as written from {@link #stateSnapshot()}) into the
	 * fresh sandbox.
	 * @throws RuntimeException when the state is not valid; the start then fails naming
	 * the file
	 */
	protected abstract void restoreState(JsonNode state);

	/**
	 * Sets {@link ApiRequest#keyId} / {@link ApiRequest#action} (and the credential)
	 * before faults are decided.
	 */
	protected abstract void identify(ApiRequest request);

	/** Answers an API request (any path outside {@code /_sandbox}). */
	protected abstract Reply handleApi(ApiRequest request);

	/**
	 * Answers a sandbox-specific control request, or returns null when the path is not
	 * one of its own.
	 */
	protected abstract Reply handleControl(ApiRequest request, List<String> segments);

	/** Body of an injected error answer. */
	protected abstract Object faultBody(int status, String reason);

	protected abstract void resetState();

	private void handle(HttpExchange exchange) {
		try {
			ApiRequest request = new ApiRequest(exchange, exchange.getRequestBody().readAllBytes());
			List<String> control = request.segmentsAfter(CONTROL_PREFIX);
			if (control != null) {
				send(exchange, safely(() -> durably(control(request, control))));
			}
			else {
				serveApi(exchange, request);
			}
		}
		catch (IOException ex) {
			LOG.debug("{} sandbox: I/O error while answering", this.name, ex);
		}
		catch (RuntimeException ex) {
			LOG.warn("{} sandbox: unexpected failure", this.name, ex);
		}
		finally {
			exchange.close();
		}
	}

	private void serveApi(HttpExchange exchange, ApiRequest request) throws IOException {
		long started = System.nanoTime();
		Instant arrived = clock().instant();
		Reply identified = safely(() -> {
			identify(request);
			return null;
		});
		long pendingId = this.pendingIds.incrementAndGet();
		this.pending.put(pendingId, new PendingRequest(arrived, request.method(), request.path(), request.action()));
		Reply reply;
		try {
			reply = answer(request, identified, started, arrived);
		}
		finally {
			// no longer pending once answered: a client that has its answer never sees it
			// here
			this.pending.remove(pendingId);
		}
		if (reply != null) {
			send(exchange, reply);
		}
		// reply == null: the exchange is closed without any answer, which closes the
		// connection.
	}

	/** The reply to send, or null to close the connection without one. */
	private Reply answer(ApiRequest request, Reply identified, long started, Instant arrived) {
		Faults active = this.injector.current();
		boolean inScope = active.appliesTo(request.path(), request.action(),
				(active.bodyContains() != null) ? new String(request.body(), StandardCharsets.UTF_8) : null);
		if (inScope && active.latencyMs() > 0) {
			pause(active.latencyMs());
		}
		FaultInjector.Kind kind = (identified != null || !inScope) ? FaultInjector.Kind.NONE
				: this.injector.decide(active);
		boolean beforeApply = kind == FaultInjector.Kind.DOWN || kind == FaultInjector.Kind.RATE_LIMITED
				|| !active.errorAfterApply();
		Reply reply;
		String fault = kind.tag;
		if (identified != null) {
			reply = identified;
		}
		else if (kind != FaultInjector.Kind.NONE && beforeApply) {
			reply = faultReply(kind, active);
		}
		else {
			reply = safely(() -> durably(handleApi(request)));
			if (kind != FaultInjector.Kind.NONE) {
				reply = faultReply(kind, active);
				fault = kind.tag + "-after-apply";
			}
		}
		int status = (reply != null) ? reply.status() : RecordedRequest.DROPPED;
		this.requestLog.add(new RecordedRequest(this.requestLog.nextSequence(), arrived, request.method(),
				request.path(), request.rawQuery(), request.action(), status, request.keyId(), fault,
				TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)));
		return reply;
	}

	private Reply faultReply(FaultInjector.Kind kind, Faults active) {
		switch (kind) {
			case DOWN:
				return Reply.json(503, faultBody(503, reason(503)));
			case RATE_LIMITED:
				return Reply.json(429, faultBody(429, reason(429)))
					.withHeader("Retry-After", Integer.toString(active.retryAfterSeconds()));
			case ERROR:
				return Reply.json(active.errorStatus(), faultBody(active.errorStatus(), reason(active.errorStatus())));
			default:
				return null;
		}
	}

	/** Short reason phrase of an HTTP status, as used in fault answers. */
	protected static String reason(int status) {
		switch (status) {
			case 429:
				return "Too Many Attempts.";
			case 500:
				return "Server Error";
			case 502:
				return "Bad Gateway";
			case 503:
				return "Service Unavailable";
			case 504:
				return "Gateway Timeout";
			default:
				return "Error " + status;
		}
	}

	private Reply control(ApiRequest request, List<String> segments) {
		String first = segments.isEmpty() ? "" : segments.get(0);
		if (segments.size() == 1) {
			switch (first) {
				case "health":
					return request.method().equals("GET") ? Reply.json(200, Json.obj("status", "UP", "name", this.name))
							: methodNotAllowed(request);
				case "faults":
					return faultsControl(request);
				case "requests":
					return requestsControl(request);
				case "reset":
					if (!request.method().equals("POST")) {
						return methodNotAllowed(request);
					}
					reset();
					return Reply.json(200, Json.obj("status", "reset"));
				default:
					break;
			}
		}
		Reply own = handleControl(request, segments);
		return (own != null) ? own : Reply.json(404, Json.obj("message", "Unknown sandbox control path."));
	}

	private Reply faultsControl(ApiRequest request) {
		switch (request.method()) {
			case "GET":
				break;
			case "POST":
			case "PUT":
				faults(parseFaults(request.jsonBody()));
				break;
			case "DELETE":
				clearFaults();
				break;
			default:
				return methodNotAllowed(request);
		}
		Faults f = this.injector.current();
		return Reply.json(200,
				Json.obj("latencyMs", f.latencyMs(), "errorRate", f.errorRate(), "errorStatus", f.errorStatus(),
						"rateLimitBurst", f.rateLimitBurst(), "rateLimitRemaining", this.injector.rateLimitRemaining(),
						"retryAfterSeconds", f.retryAfterSeconds(), "dropConnectionRate", f.dropConnectionRate(),
						"down", f.down(), "errorAfterApply", f.errorAfterApply(), "seed", f.seed(), "pathContains",
						f.pathContains(), "action", f.action(), "bodyContains", f.bodyContains()));
	}

	private static Faults parseFaults(JsonNode body) {
		Faults none = Faults.none();
		JsonNode seedNode = body.get("seed");
		try {
			return new Faults(Json.longField(body, "latencyMs", 0), Json.doubleField(body, "errorRate", 0.0),
					(int) Json.longField(body, "errorStatus", none.errorStatus()),
					(int) Json.longField(body, "rateLimitBurst", 0),
					(int) Json.longField(body, "retryAfterSeconds", none.retryAfterSeconds()),
					Json.doubleField(body, "dropConnectionRate", 0.0), Json.booleanField(body, "down", false),
					Json.booleanField(body, "errorAfterApply", false),
					(seedNode == null || seedNode.isNull()) ? null : Json.longField(body, "seed", 0),
					Json.text(body, "pathContains"), Json.text(body, "action"), Json.text(body, "bodyContains"));
		}
		catch (IllegalArgumentException ex) {
			throw new ReplyException(Reply.json(400, Json.obj("message", ex.getMessage())));
		}
	}

	private Reply requestsControl(ApiRequest request) {
		if (request.method().equals("DELETE")) {
			clearRequests();
			return Reply.json(200, Json.obj("data", List.of(), "total", 0));
		}
		if (!request.method().equals("GET")) {
			return methodNotAllowed(request);
		}
		Map<String, String> query = request.query();
		String method = query.get("method");
		String action = query.get("action");
		String pathPrefix = query.get("pathPrefix");
		List<Map<String, Object>> rows = new ArrayList<>();
		for (RecordedRequest r : requests()) {
			if ((method == null || method.equalsIgnoreCase(r.method()))
					&& (action == null || action.equalsIgnoreCase(r.action()))
					&& (pathPrefix == null || r.path().startsWith(pathPrefix))) {
				rows.add(Json.obj("sequence", r.sequence(), "time", r.time().toString(), "method", r.method(), "path",
						r.path(), "query", r.query(), "action", r.action(), "status", r.status(), "keyId", r.keyId(),
						"fault", r.fault(), "durationMs", r.durationMs()));
			}
		}
		String limit = query.get("limit");
		if (limit != null && limit.matches("\\d{1,9}") && Integer.parseInt(limit) < rows.size()) {
			rows = rows.subList(rows.size() - Integer.parseInt(limit), rows.size());
		}
		return Reply.json(200, Json.obj("data", rows, "total", rows.size()));
	}

	protected static Reply methodNotAllowed(ApiRequest request) {
		return Reply.methodNotAllowed(request.method());
	}

	/**
	 * The reply, once the change it acknowledges is in the state file (if any); a state
	 * that cannot be written is a 500, never an acknowledgement.
	 */
	private Reply durably(Reply reply) {
		if (this.stateFile != null) {
			this.stateFile.flush();
		}
		return reply;
	}

	private Reply safely(java.util.function.Supplier<Reply> action) {
		try {
			return action.get();
		}
		catch (ReplyException ex) {
			return ex.reply();
		}
		catch (RuntimeException ex) {
			LOG.warn("{} sandbox: handler failed", this.name, ex);
			return Reply.json(500, faultBody(500, reason(500)));
		}
	}

	private static void send(HttpExchange exchange, Reply reply) throws IOException {
		for (Map.Entry<String, String> header : reply.headers().entrySet()) {
			exchange.getResponseHeaders().set(header.getKey(), header.getValue());
		}
		byte[] body = reply.body();
		exchange.sendResponseHeaders(reply.status(), (body.length == 0) ? -1 : body.length);
		if (body.length > 0) {
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		}
	}

	private static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static String urlHost(String bindAddress) {
		if (bindAddress.equals("0.0.0.0") || bindAddress.equals("::") || bindAddress.equals("localhost")) {
			return "127.0.0.1";
		}
		return bindAddress.contains(":") ? "[" + bindAddress + "]" : bindAddress;
	}

	private static ThreadFactory daemonThreads(String name) {
		AtomicInteger counter = new AtomicInteger();
		String prefix = name.toLowerCase(Locale.ROOT) + "-sandbox-";
		return (runnable) -> {
			Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

}
