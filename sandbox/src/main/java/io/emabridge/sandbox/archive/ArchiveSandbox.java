package io.emabridge.sandbox.archive;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

import io.emabridge.sandbox.support.ApiRequest;
import io.emabridge.sandbox.support.Json;
import io.emabridge.sandbox.support.Reply;
import io.emabridge.sandbox.support.ReplyException;
import io.emabridge.sandbox.support.SandboxServer;

/**
 * A stateful stand-in for the Easy Mail Archive reseller API
 * ({@code /api/reseller/tenants}), with fault injection and a request log (see
 * {@link SandboxServer}). Control endpoints of its own:
 * <ul>
 * <li>{@code GET /_sandbox/tenants[?apiKey=]}: every tenant (deleted ones too), or the
 * visible ones of one key</li>
 * <li>{@code POST /_sandbox/tenants}: seed
 * {@code {"apiKey", "tenants":[{slug,name,status,users_count,
 * storage_bytes,messages_count,created_at}], "skipValidation"}} or generate
 * {@code {"apiKey","count","prefix", "startIndex"}}</li>
 * <li>{@code DELETE /_sandbox/tenants}: forget every tenant</li>
 * <li>{@code GET /_sandbox/tenants/{slug}}, {@code PUT /_sandbox/tenants/{slug}/usage},
 * {@code PUT /_sandbox/tenants/{slug}/status}</li>
 * <li>{@code GET|POST /_sandbox/api-keys}, {@code DELETE /_sandbox/api-keys/{key}}</li>
 * <li>{@code POST /_sandbox/api-keys/revoked} {@code {"apiKey":"...","revoked":true}}
 * revokes a key ({@code "revoked":false} restores it; {@code revoked} defaults to true),
 * {@code GET /_sandbox/api-keys/revoked} lists the ids of the revoked keys; both answer
 * {@code {"data":[key ids]}}</li>
 * </ul>
 * A revoked key ({@link #revokeKey(String)}) is answered {@code 401
 * {"message":"Unauthenticated."}} on every API call, as an unknown key is, until it is
 * restored ({@link #restoreKey(String)}); its tenants stay its own. Revocation is
 * separate from the set of valid keys: restoring a key that is not valid does not make it
 * valid, and adding or removing a key does not change whether it is revoked.
 * {@link #reset()} lifts every revocation.
 * <p>
 * With a state file ({@link ArchiveSandboxOptions#withStateFile}), every tenant (deleted
 * ones too) is kept in it with the id of its owner's key, never the key: the valid keys
 * always come from the options, and revocations are not kept either.
 */
public final class ArchiveSandbox extends SandboxServer {

	/** Path of the tenants collection. */
	public static final String TENANTS_PATH = "/api/reseller/tenants";

	private static final String UNAUTHENTICATED = "Unauthenticated.";

	private static final String NOT_FOUND = "Tenant not found.";

	private static final String REVOKED = "revoked";

	private static final int MAX_TEXT = 255;

	private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
		.withZone(ZoneOffset.UTC);

	private final Map<String, long[]> quotaWindows = new ConcurrentHashMap<>();

	private volatile int quota;

	private final ArchiveSandboxOptions options;

	private final ArchiveSlugRules slugRules;

	private final Set<String> apiKeys = ConcurrentHashMap.newKeySet();

	private final Set<String> revokedKeys = ConcurrentHashMap.newKeySet();

	private final TenantStore store = new TenantStore(this::stateChanged);

	private ArchiveSandbox(ArchiveSandboxOptions options) {
		super("Archive", options.server());
		this.options = options;
		this.slugRules = new ArchiveSlugRules(options.reservedWords());
		this.apiKeys.addAll(options.apiKeys());
	}

	/**
	 * Starts a sandbox with {@link ArchiveSandboxOptions#defaults()} (free port, key
	 * {@code sandbox-key}).
	 */
	public static ArchiveSandbox start() {
		return start(ArchiveSandboxOptions.defaults());
	}

	public static ArchiveSandbox start(ArchiveSandboxOptions options) {
		ArchiveSandbox sandbox = new ArchiveSandbox(options);
		sandbox.startServing();
		return sandbox;
	}

	public ArchiveSandboxOptions options() {
		return this.options;
	}

	/** {@code baseUrl() + "/api/reseller/tenants"}. */
	public String tenantsUrl() {
		return baseUrl() + TENANTS_PATH;
	}

	public ArchiveSlugRules slugRules() {
		return this.slugRules;
	}

	/**
	 * The id under which a key shows in the request log and in tenant snapshots: never
	 * the key itself.
	 */
	public static String keyId(String apiKey) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8));
			return "key-" + HexFormat.of().formatHex(digest, 0, 4);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	// ---- API keys
	// ---------------------------------------------------------------------------------------------

	/**
	 * Makes a key valid (a new reseller account, or an old one again: tenants stay with
	 * their key).
	 */
	public void addApiKey(String apiKey) {
		this.apiKeys.add(apiKey);
	}

	/** Makes a key invalid (401); its tenants are kept. */
	public void removeApiKey(String apiKey) {
		this.apiKeys.remove(apiKey);
	}

	/** Whether API calls with this key are answered: a known key, not revoked. */
	public boolean isValidApiKey(String apiKey) {
		return apiKey != null && this.apiKeys.contains(apiKey) && !this.revokedKeys.contains(apiKey);
	}

	/**
	 * Revokes a key: every API call with it is answered 401, as for an unknown key, until
	 * {@link #restoreKey(String) restored}. Its tenants are kept. Not kept in the state
	 * file; {@link #reset()} lifts it.
	 */
	public void revokeKey(String apiKey) {
		this.revokedKeys.add(apiKey);
	}

	/**
	 * Lifts a revocation: the key works again if it is a valid key (restoring never makes
	 * an unknown key valid).
	 */
	public void restoreKey(String apiKey) {
		this.revokedKeys.remove(apiKey);
	}

	public boolean isKeyRevoked(String apiKey) {
		return apiKey != null && this.revokedKeys.contains(apiKey);
	}

	// ---- state for tests
	// --------------------------------------------------------------------------------------

	/** The key's tenants as the API lists them (not deleted), in creation order. */
	public List<ArchiveTenant> tenants(String apiKey) {
		return this.store.visibleAll(keyId(apiKey), this::snapshot);
	}

	/** Every tenant of every key, deleted ones included, in creation order. */
	public List<ArchiveTenant> allTenants() {
		return this.store.all(this::snapshot);
	}

	/** The tenant with this slug, whichever key owns it, deleted or not. */
	public Optional<ArchiveTenant> tenant(String slug) {
		return Optional.ofNullable(this.store.any(slug)).map(this::snapshot);
	}

	/**
	 * Adds one tenant for the key, bypassing the API (the key need not be valid).
	 * @throws IllegalArgumentException when the slug breaks a rule
	 * @throws IllegalStateException when the slug is taken
	 */
	public ArchiveTenant seedTenant(String apiKey, TenantSeed seed) {
		return seedTenants(apiKey, List.of(seed)).get(0);
	}

	/**
	 * Adds tenants for the key, all or none; see {@link #seedTenant(String, TenantSeed)}.
	 */
	public List<ArchiveTenant> seedTenants(String apiKey, List<TenantSeed> seeds) {
		List<TenantStore.Tenant> tenants = new ArrayList<>(seeds.size());
		for (TenantSeed seed : seeds) {
			List<String> problems = this.slugRules.violations(seed.slug());
			if (!problems.isEmpty()) {
				throw new IllegalArgumentException(seed.slug() + ": " + String.join(" ", problems));
			}
			tenants.add(fromSeed(seed));
		}
		insertOrThrow(apiKey, tenants);
		return tenants.stream().map(this::snapshot).toList();
	}

	/**
	 * Generates {@code count} active tenants for the key, named {@code {prefix}-{n}} with
	 * {@code n} from 1, zero padded to the width of {@code count} ({@code t-000001} ...
	 * {@code t-100000}); usage: users {@code 1 + n % 100}, storage {@code (1 + n % 1000)}
	 * MiB, messages {@code 100 * n}.
	 */
	public int generateTenants(String apiKey, int count, String prefix) {
		return generateTenants(apiKey, count, prefix, 1);
	}

	public int generateTenants(String apiKey, int count, String prefix, int startIndex) {
		if (count < 0 || startIndex < 0) {
			throw new IllegalArgumentException("count and startIndex must be >= 0");
		}
		int width = Long.toString((long) startIndex + count - 1).length();
		Instant now = clock().instant();
		List<TenantStore.Tenant> tenants = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			long n = (long) startIndex + i;
			String slug = prefix + "-" + String.format("%0" + width + "d", n);
			if ((i == 0 || i == count - 1) && !this.slugRules.isValid(slug)) {
				throw new IllegalArgumentException("generated slug " + slug + " breaks the slug rules");
			}
			TenantStore.Tenant tenant = new TenantStore.Tenant(slug, "Tenant " + n, now, url(slug), null, null, null);
			tenant.usage(1 + n % 100, (1 + n % 1000) * 1_048_576L, 100 * n);
			tenants.add(tenant);
		}
		insertOrThrow(apiKey, tenants);
		return count;
	}

	/** Sets the usage figures of a tenant (any key, deleted or not). */
	public ArchiveTenant setUsage(String slug, long usersCount, long storageBytes, long messagesCount) {
		if (usersCount < 0 || storageBytes < 0 || messagesCount < 0) {
			throw new IllegalArgumentException("usage figures must be >= 0");
		}
		return snapshot(this.store.setUsage(existing(slug), usersCount, storageBytes, messagesCount));
	}

	/** Sets a tenant's status directly; a deleted tenant stays deleted. */
	public ArchiveTenant setStatus(String slug, TenantStatus status) {
		TenantStore.Tenant tenant = existing(slug);
		this.store.setStatus(tenant, status);
		return snapshot(tenant);
	}

	/** Forgets every tenant of every key (slugs become free again). */
	public void clearTenants() {
		this.store.clear();
	}

	@Override
	protected void resetState() {
		this.store.clear();
		this.apiKeys.clear();
		this.apiKeys.addAll(this.options.apiKeys());
		this.revokedKeys.clear();
		quota(0);
	}

	// ---- state file
	// -------------------------------------------------------------------------------------------

	/** Every tenant, deleted ones too, in creation order; owners by key id only. */
	@Override
	protected Map<String, Object> stateSnapshot() {
		return Json.obj("tenants", allTenants());
	}

	@Override
	protected void restoreState(JsonNode state) {
		JsonNode tenants = state.get("tenants");
		if (tenants == null || !tenants.isArray()) {
			throw new IllegalArgumentException("the tenants field must be an array");
		}
		List<ArchiveTenant> stored = Json.MAPPER.readerFor(new TypeReference<List<ArchiveTenant>>() {
		}).readValue(tenants);
		for (int i = 0; i < stored.size(); i++) {
			ArchiveTenant t = stored.get(i);
			if (t == null || t.slug() == null || t.name() == null || t.status() == null || t.createdAt() == null
					|| t.apiKeyId() == null) {
				throw new IllegalArgumentException(
						"tenants[" + i + "] lacks one of slug, name, status, createdAt" + " and apiKeyId");
			}
			if (t.usersCount() < 0 || t.storageBytes() < 0 || t.messagesCount() < 0) {
				throw new IllegalArgumentException("tenants[" + i + "] (" + t.slug() + ") has negative usage");
			}
			TenantStore.Tenant tenant = new TenantStore.Tenant(t.slug(), t.name(), t.createdAt(),
					(t.url() == null) ? url(t.slug()) : t.url(), t.plan(), t.adminEmail(), t.adminName());
			tenant.status = t.status();
			tenant.usage(t.usersCount(), t.storageBytes(), t.messagesCount());
			if (this.store.insertAll(t.apiKeyId(), List.of(tenant)) != null) {
				throw new IllegalArgumentException("tenants[" + i + "]: slug " + t.slug() + " appears twice");
			}
		}
	}

	private TenantStore.Tenant existing(String slug) {
		TenantStore.Tenant tenant = this.store.any(slug);
		if (tenant == null) {
			throw new IllegalArgumentException("no tenant with slug " + slug);
		}
		return tenant;
	}

	private TenantStore.Tenant fromSeed(TenantSeed seed) {
		Instant created = (seed.createdAt() == null) ? clock().instant() : seed.createdAt();
		TenantStore.Tenant tenant = new TenantStore.Tenant(seed.slug(), seed.name(), created, url(seed.slug()), null,
				null, null);
		tenant.status = seed.status();
		return tenant.usage(seed.usersCount(), seed.storageBytes(), seed.messagesCount());
	}

	private void insertOrThrow(String apiKey, List<TenantStore.Tenant> tenants) {
		String taken = this.store.insertAll(keyId(apiKey), tenants);
		if (taken != null) {
			throw new IllegalStateException("slug " + taken + " is already taken");
		}
	}

	private ArchiveTenant snapshot(TenantStore.Tenant tenant) {
		return tenant.read((t) -> new ArchiveTenant(t.slug, t.name, t.status, t.usersCount, t.storageBytes,
				t.messagesCount, t.createdAt, t.owner.keyId, t.plan, t.adminEmail, t.adminName, t.url));
	}

	private String url(String slug) {
		return "https://" + slug + "." + this.options.baseDomain();
	}

	// ---- the API
	// ----------------------------------------------------------------------------------------------

	/**
	 * Sets a hard quota, as the real API enforces one per reseller key: at most
	 * {@code requestsPerSecond} requests of one key in each second of the clock; above
	 * it, a 429 with {@code Retry-After} until the next second. 0 lifts it.
	 */
	public void quota(int requestsPerSecond) {
		this.quota = Math.max(0, requestsPerSecond);
		this.quotaWindows.clear();
	}

	/** The hard quota per key and second; 0 = none. */
	public int quota() {
		return this.quota;
	}

	private Reply overQuota(String keyId) {
		int limit = this.quota;
		if (limit <= 0) {
			return null;
		}
		long second = clock().millis() / 1000;
		long[] window = this.quotaWindows.compute(keyId, (key, current) -> (current == null || current[0] != second)
				? new long[] { second, 1 } : new long[] { second, current[1] + 1 });
		if (window[1] <= limit) {
			return null;
		}
		return Reply.json(429, faultBody(429, reason(429))).withHeader("Retry-After", "1");
	}

	@Override
	protected void identify(ApiRequest request) {
		String authorization = request.header("Authorization");
		if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			String key = authorization.substring(7).trim();
			if (!key.isEmpty()) {
				request.credential(key);
				request.keyId(keyId(key));
			}
		}
	}

	@Override
	protected Reply handleApi(ApiRequest request) {
		List<String> segments = request.segmentsAfter(TENANTS_PATH);
		if (segments == null || segments.size() > 2) {
			return Reply.json(404, Json.obj("message", "The route " + request.path() + " could not be found."));
		}
		if (!isValidApiKey(request.credential())) {
			return Reply.json(401, Json.obj("message", UNAUTHENTICATED)).withHeader("WWW-Authenticate", "Bearer");
		}
		String keyId = request.keyId();
		Reply overQuota = overQuota(keyId);
		if (overQuota != null) {
			return overQuota;
		}
		String method = request.method();
		if (segments.isEmpty()) {
			if (method.equals("GET")) {
				return list(request, keyId);
			}
			return method.equals("POST") ? create(request, keyId) : methodNotAllowed(request);
		}
		TenantStore.Tenant tenant = this.store.visible(keyId, segments.get(0));
		String operation = (segments.size() == 1) ? "" : segments.get(1);
		String expected = expectedMethod(operation, method);
		if (expected == null) {
			return Reply.json(404, Json.obj("message", "The route " + request.path() + " could not be found."));
		}
		if (!expected.equals(method)) {
			return methodNotAllowed(request);
		}
		if (tenant == null) {
			return Reply.json(404, Json.obj("message", NOT_FOUND));
		}
		switch (operation) {
			case "usage":
				return Reply.json(200, Json.obj("data", tenant.read((t) -> Json.obj("users_count", t.usersCount,
						"storage_bytes", t.storageBytes, "messages_count", t.messagesCount))));
			case "suspend":
				return statusChange(tenant, TenantStatus.SUSPENDED);
			case "unsuspend":
				return statusChange(tenant, TenantStatus.ACTIVE);
			default:
				return method.equals("GET") ? Reply.json(200, Json.obj("data", detailView(tenant)))
						: statusChange(tenant, TenantStatus.DELETED);
		}
	}

	/**
	 * The method a tenant route accepts ({@code DELETE} also for the tenant itself), or
	 * null for no such route.
	 */
	private static String expectedMethod(String operation, String method) {
		switch (operation) {
			case "":
				return method.equals("DELETE") ? "DELETE" : "GET";
			case "usage":
				return "GET";
			case "suspend":
			case "unsuspend":
				return "PUT";
			default:
				return null;
		}
	}

	private Reply statusChange(TenantStore.Tenant tenant, TenantStatus target) {
		if (!this.store.setStatus(tenant, target)) {
			return Reply.json(404, Json.obj("message", NOT_FOUND));
		}
		return Reply.json(200, Json.obj("data", Json.obj("slug", tenant.slug, "status", target.wireName())));
	}

	private Reply list(ApiRequest request, String keyId) {
		Map<String, String> query = request.query();
		int page = parsePage(query.get("page"));
		int perPage = parsePerPage(query.get("per_page"));
		TenantStore.Page<Map<String, Object>> result = this.store.page(keyId, page, perPage, this::listView);
		int lastPage = Math.max(1, (int) ((result.total() + (long) perPage - 1) / perPage));
		boolean empty = result.rows().isEmpty();
		long from = (long) (page - 1) * perPage + 1;
		String path = baseUrl() + TENANTS_PATH;
		String perPageParam = query.containsKey("per_page") ? "&per_page=" + perPage : "";
		Map<String, Object> links = Json.obj("first", path + "?page=1" + perPageParam, "last",
				path + "?page=" + lastPage + perPageParam, "prev",
				(page > 1) ? path + "?page=" + (page - 1) + perPageParam : null, "next",
				(page < lastPage) ? path + "?page=" + (page + 1) + perPageParam : null);
		Map<String, Object> meta = Json.obj("current_page", page, "from", empty ? null : from, "last_page", lastPage,
				"path", path, "per_page", perPage, "to", empty ? null : from + result.rows().size() - 1, "total",
				result.total());
		return Reply.json(200, Json.obj("data", result.rows(), "links", links, "meta", meta));
	}

	private static int parsePage(String value) {
		if (value == null || !value.matches("\\d{1,9}")) {
			return 1;
		}
		return Math.max(1, Integer.parseInt(value));
	}

	private int parsePerPage(String value) {
		if (value == null || value.isEmpty()) {
			return this.options.defaultPerPage();
		}
		if (!value.matches("-?\\d{1,18}")) {
			throw new ReplyException(
					validationFailed(Map.of("per_page", List.of("The per page field must be an integer."))));
		}
		long perPage = Long.parseLong(value);
		if (perPage < 1) {
			throw new ReplyException(
					validationFailed(Map.of("per_page", List.of("The per page field must be at least 1."))));
		}
		return (int) Math.min(perPage, this.options.maxPerPage());
	}

	/**
	 * A create in the shape the options say ({@link ArchiveSandboxOptions.CreateShape}):
	 * the reference shape wants {@code slug} and {@code name} and answers without a URL;
	 * the overview shape wants {@code company_name}, {@code admin_email} and
	 * {@code admin_name}, takes a {@code slug} when one is sent and chooses one
	 * otherwise, and answers {@code {"slug","url","status"}}. Fields of the other shape
	 * are accepted and ignored, as a lenient API would.
	 */
	private Reply create(ApiRequest request, String keyId) {
		boolean overview = this.options.createShape() == ArchiveSandboxOptions.CreateShape.OVERVIEW;
		JsonNode body = request.jsonBody();
		Map<String, List<String>> errors = new LinkedHashMap<>();
		JsonNode slugNode = body.get("slug");
		String slug = (slugNode != null && slugNode.isString()) ? slugNode.stringValue() : null;
		if (slugNode != null && !slugNode.isNull() && !slugNode.isString()) {
			errors.put("slug", List.of(ArchiveSlugRules.NOT_A_STRING));
		}
		else if (!overview || slug != null) {
			List<String> problems = this.slugRules.violations(slug);
			if (!problems.isEmpty()) {
				errors.put("slug", problems);
			}
		}
		String name = overview ? requireText(body, "company_name", true, errors)
				: requireText(body, "name", true, errors);
		String adminEmail = requireText(body, "admin_email", overview, errors);
		if (adminEmail != null && !adminEmail.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
			errors.put("admin_email", List.of("The admin email field must be a valid email address."));
		}
		String adminName = requireText(body, "admin_name", overview, errors);
		String plan = requireText(body, "plan", false, errors);
		if (!errors.isEmpty()) {
			return validationFailed(errors);
		}
		if (overview && slug == null) {
			return createChosen(keyId, name.trim(), plan, adminEmail, adminName);
		}
		TenantStore.Tenant tenant = new TenantStore.Tenant(slug, name.trim(), clock().instant(), url(slug), plan,
				adminEmail, adminName);
		if (this.store.insertAll(keyId, List.of(tenant)) != null) {
			return Reply.json(this.options.takenStatus(), Json.obj("message", ArchiveSlugRules.TAKEN, "errors",
					Json.obj("slug", List.of(ArchiveSlugRules.TAKEN))));
		}
		return created(tenant, overview);
	}

	/**
	 * The overview shape without a slug: the service chooses one from the company name,
	 * the first of {@code name}, {@code name-2}, ... that is free.
	 */
	private Reply createChosen(String keyId, String name, String plan, String adminEmail, String adminName) {
		String base = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
		if (base.isEmpty() || !Character.isLetter(base.charAt(0))) {
			base = "tenant-" + base;
		}
		base = base.substring(0, Math.min(base.length(), 40)).replaceAll("-+$", "");
		for (int n = 1; n < 1000; n++) {
			String candidate = (n == 1) ? base : base + "-" + n;
			if (!this.slugRules.violations(candidate).isEmpty()) {
				continue;
			}
			TenantStore.Tenant tenant = new TenantStore.Tenant(candidate, name, clock().instant(), url(candidate), plan,
					adminEmail, adminName);
			if (this.store.insertAll(keyId, List.of(tenant)) == null) {
				return created(tenant, true);
			}
		}
		return validationFailed(Map.of("company_name", List.of("No free slug could be chosen for this name.")));
	}

	private static Reply created(TenantStore.Tenant tenant, boolean overview) {
		Map<String, Object> answer = overview
				? Json.obj("slug", tenant.slug, "url", tenant.url, "status", TenantStatus.ACTIVE.wireName())
				: Json.obj("data", Json.obj("slug", tenant.slug, "name", tenant.name, "status",
						TenantStatus.ACTIVE.wireName(), "created_at", TIMESTAMP.format(tenant.createdAt)));
		return Reply.json(201, answer).withHeader("Location", TENANTS_PATH + "/" + tenant.slug);
	}

	/**
	 * A string field: required or optional, at most 255 characters; problems go to
	 * {@code errors}.
	 */
	private static String requireText(JsonNode body, String field, boolean required, Map<String, List<String>> errors) {
		JsonNode node = body.get(field);
		String label = field.replace('_', ' ');
		if (node == null || node.isNull() || node.isString() && node.stringValue().isBlank()) {
			if (required) {
				errors.put(field, List.of("The " + label + " field is required."));
			}
			return null;
		}
		if (!node.isString()) {
			errors.put(field, List.of("The " + label + " field must be a string."));
			return null;
		}
		if (node.stringValue().length() > MAX_TEXT) {
			errors.put(field, List.of("The " + label + " field must not be greater than " + MAX_TEXT + " characters."));
			return null;
		}
		return node.stringValue();
	}

	/**
	 * 422 with a Laravel validation body: the first message (and how many more) plus
	 * every message by field.
	 */
	static Reply validationFailed(Map<String, List<String>> errors) {
		List<String> all = errors.values().stream().flatMap(List::stream).toList();
		String message = all.get(0);
		if (all.size() > 1) {
			int more = all.size() - 1;
			message += " (and " + more + " more error" + ((more == 1) ? "" : "s") + ")";
		}
		return Reply.json(422, Json.obj("message", message, "errors", errors));
	}

	private Map<String, Object> listView(TenantStore.Tenant tenant) {
		return tenant.read((t) -> Json.obj("slug", t.slug, "name", t.name, "status", t.status.wireName(), "users_count",
				t.usersCount, "storage_bytes", t.storageBytes, "messages_count", t.messagesCount, "created_at",
				TIMESTAMP.format(t.createdAt)));
	}

	private Map<String, Object> detailView(TenantStore.Tenant tenant) {
		Map<String, Object> view = listView(tenant);
		view.put("url", tenant.url);
		return view;
	}

	@Override
	protected Object faultBody(int status, String reason) {
		return Json.obj("message", (status == 401) ? UNAUTHENTICATED : reason);
	}

	// ---- control endpoints
	// ------------------------------------------------------------------------------------

	@Override
	protected Reply handleControl(ApiRequest request, List<String> segments) {
		if (segments.isEmpty()) {
			return null;
		}
		switch (segments.get(0)) {
			case "tenants":
				return ArchiveControl.tenants(this, request, segments);
			case "api-keys":
				return apiKeysControl(request, segments);
			default:
				return null;
		}
	}

	private Reply apiKeysControl(ApiRequest request, List<String> segments) {
		if (segments.size() == 2 && segments.get(1).equals(REVOKED) && !request.method().equals("DELETE")) {
			return revokedKeysControl(request);
		}
		if (segments.size() == 2 && request.method().equals("DELETE")) {
			removeApiKey(segments.get(1));
		}
		else if (segments.size() == 1 && request.method().equals("POST")) {
			String key = Json.text(request.jsonBody(), "apiKey");
			if (key == null || key.isBlank()) {
				throw Json.badField("apiKey", "is required");
			}
			addApiKey(key);
		}
		else if (segments.size() != 1 || !request.method().equals("GET")) {
			return methodNotAllowed(request);
		}
		List<String> ids = this.apiKeys.stream().map(ArchiveSandbox::keyId).sorted().toList();
		return Reply.json(200, Json.obj("data", ids));
	}

	/**
	 * {@code GET /_sandbox/api-keys/revoked}, and {@code POST} of
	 * {@code {"apiKey","revoked"}} (revoked defaults to true; false restores the key).
	 */
	private Reply revokedKeysControl(ApiRequest request) {
		if (request.method().equals("POST") || request.method().equals("PUT")) {
			JsonNode body = request.jsonBody();
			String key = Json.text(body, "apiKey");
			if (key == null || key.isBlank()) {
				throw Json.badField("apiKey", "is required");
			}
			if (Json.booleanField(body, REVOKED, true)) {
				revokeKey(key);
			}
			else {
				restoreKey(key);
			}
		}
		else if (!request.method().equals("GET")) {
			return methodNotAllowed(request);
		}
		List<String> ids = this.revokedKeys.stream().map(ArchiveSandbox::keyId).sorted().toList();
		return Reply.json(200, Json.obj("data", ids));
	}

	/**
	 * Tenant view for the control endpoints: the API view plus owner, plan and admin
	 * fields.
	 */
	static Map<String, Object> controlView(ArchiveTenant t) {
		return Json.obj("slug", t.slug(), "name", t.name(), "status", t.status().wireName(), "users_count",
				t.usersCount(), "storage_bytes", t.storageBytes(), "messages_count", t.messagesCount(), "created_at",
				TIMESTAMP.format(t.createdAt()), "url", t.url(), "api_key_id", t.apiKeyId(), "plan", t.plan(),
				"admin_email", t.adminEmail(), "admin_name", t.adminName());
	}

	static Instant parseTimestamp(String value) {
		return (value != null) ? Instant.parse(value) : null;
	}

	String defaultApiKey() {
		if (this.options.apiKeys().contains(ArchiveSandboxOptions.DEFAULT_API_KEY)) {
			return ArchiveSandboxOptions.DEFAULT_API_KEY;
		}
		return this.options.apiKeys().stream().sorted().findFirst().orElse(ArchiveSandboxOptions.DEFAULT_API_KEY);
	}

}
