package io.emabridge.model.archive;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import io.emabridge.model.http.BlockingHttp;

/**
 * Client of the Easy Mail Archive reseller API ({@code /api/reseller/tenants}).
 * Thread-safe; one instance serves any number of concurrent callers.
 * <p>
 * The two public descriptions of the API disagree on the shape of answers, so every read
 * accepts both: with or without the {@code data} wrapper, a paginated list or a bare
 * array, usage flat or nested under {@code usage}.
 * <p>
 * Every failure is an {@link ArchiveApiException} that says whether sending the request
 * again can help. There is deliberately no way to delete a tenant: nothing in this system
 * may ever do that.
 */
public final class ArchiveApiClient {

	public static final String TENANTS_PATH = "/api/reseller/tenants";

	private static final int MAX_MESSAGE = 300;

	private final ArchiveApiSettings settings;

	private final String tenantsUrl;

	private final BlockingHttp http;

	private final String authorization;

	private final JsonMapper json;

	private final Clock clock;

	public ArchiveApiClient(ArchiveApiSettings settings) {
		this(settings, Clock.systemUTC());
	}

	ArchiveApiClient(ArchiveApiSettings settings, Clock clock) {
		this.settings = settings;
		String base = settings.baseUrl().toString();
		this.tenantsUrl = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + TENANTS_PATH;
		this.http = new BlockingHttp(settings.connectTimeout(), settings.requestTimeout());
		this.authorization = "Bearer " + settings.apiKey();
		this.json = JsonMapper.builder().build();
		this.clock = clock;
	}

	public ArchiveApiSettings settings() {
		return this.settings;
	}

	/** One page of this reseller's tenants, pages counted from 1. */
	public TenantPage listTenants(int page) {
		JsonNode body = send("list", get(this.tenantsUrl + "?page=" + Math.max(1, page)));
		if (body.isArray()) {
			List<Tenant> tenants = tenants(body);
			return new TenantPage(tenants, 1, 1, tenants.size());
		}
		JsonNode data = body.path("data");
		if (!data.isArray()) {
			throw unexpected("list", "neither a tenant array nor an object with a data array");
		}
		List<Tenant> tenants = tenants(data);
		JsonNode meta = body.path("meta");
		int current = meta.path("current_page").asInt(Math.max(1, page));
		int last = meta.path("last_page").asInt(current);
		long total = meta.path("total").asLong(tenants.size());
		return new TenantPage(tenants, current, last, total);
	}

	/**
	 * The tenant with this slug.
	 * @throws ArchiveApiException with status 404 when this reseller has no such tenant
	 * (another reseller's tenant looks the same)
	 */
	public Tenant getTenant(String slug) {
		return tenant(unwrap(send("get", get(tenantUrl(slug, "")))));
	}

	/** The tenant with this slug, or empty when this reseller has none (404). */
	public Optional<Tenant> findTenant(String slug) {
		try {
			return Optional.of(getTenant(slug));
		}
		catch (ArchiveApiException ex) {
			if (ex.isNotFound()) {
				return Optional.empty();
			}
			throw ex;
		}
	}

	public TenantUsage usage(String slug) {
		JsonNode body = unwrap(send("usage", get(tenantUrl(slug, "/usage"))));
		return usage(body.has("usage") ? body.get("usage") : body);
	}

	/**
	 * Creates a tenant, in a request either documented shape takes, and reads either
	 * answer ({@code {"data":{"slug",...}}} without a URL, or
	 * {@code {"slug","url","status"}}). A slug that is taken or invalid fails with a 409
	 * or 422 whose {@link ArchiveApiException#isSlugTaken()} and
	 * {@link ArchiveApiException#isSlugInvalid()} tell which.
	 */
	public CreatedTenant createTenant(NewTenant tenant) {
		ObjectNode request = this.json.createObjectNode();
		request.put("slug", tenant.slug());
		// the reference shape's name and the shorter page's company_name: the same value,
		// so that either API takes the request; never an admin_password
		request.put("name", tenant.name());
		request.put("company_name", tenant.name());
		putIfPresent(request, "admin_email", tenant.adminEmail());
		putIfPresent(request, "admin_name", tenant.adminName());
		putIfPresent(request, "plan", tenant.plan());
		byte[] post = this.json.writeValueAsBytes(request);
		JsonNode body = unwrap(send("create", () -> this.http.send("POST", URI.create(this.tenantsUrl), post,
				"application/json", "Accept", "application/json", "Authorization", this.authorization)));
		String slug = text(body, "slug");
		return new CreatedTenant((slug != null) ? slug : tenant.slug(), text(body, "url"),
				Optional.ofNullable(text(body, "status")).orElse(Tenant.ACTIVE));
	}

	/**
	 * Suspends a tenant (log-in blocked, data kept); suspending a suspended tenant
	 * succeeds.
	 */
	public String suspend(String slug) {
		return statusChange("suspend", slug);
	}

	/** Restores access to a tenant; unsuspending an active tenant succeeds. */
	public String unsuspend(String slug) {
		return statusChange("unsuspend", slug);
	}

	private String statusChange(String operation, String slug) {
		URI uri = URI.create(tenantUrl(slug, "/" + operation));
		JsonNode body = unwrap(send(operation, () -> this.http.send("PUT", uri, null, null, "Accept",
				"application/json", "Authorization", this.authorization)));
		String status = text(body, "status");
		return (status != null) ? status : (operation.equals("suspend") ? Tenant.SUSPENDED : Tenant.ACTIVE);
	}

	private Exchange get(String url) {
		URI uri = URI.create(url);
		return () -> this.http.get(uri, "Accept", "application/json", "Authorization", this.authorization);
	}

	private String tenantUrl(String slug, String suffix) {
		if (slug == null || slug.isBlank()) {
			throw new IllegalArgumentException("slug must not be blank");
		}
		return this.tenantsUrl + "/" + URLEncoder.encode(slug, StandardCharsets.UTF_8).replace("+", "%20") + suffix;
	}

	private JsonNode send(String operation, Exchange exchange) {
		BlockingHttp.Response response;
		try {
			response = exchange.send();
		}
		catch (HttpTimeoutException ex) {
			throw new ArchiveApiException(operation, ArchiveApiException.NO_STATUS,
					"archive " + operation + " timed out: " + ex.getMessage(), null, null, ex);
		}
		catch (IOException ex) {
			throw new ArchiveApiException(operation, ArchiveApiException.NO_STATUS,
					"archive " + operation + " failed without an answer: " + ex, null, null, ex);
		}
		int status = response.status();
		JsonNode body = parse(response.body());
		if (status >= 200 && status < 300) {
			if (body == null) {
				throw unexpected(operation, "HTTP " + status + " without a JSON body");
			}
			return body;
		}
		Duration retryAfter = RetryAfter.parse(response.retryAfter(), this.clock).orElse(null);
		String message = (body != null) ? text(body, "message") : null;
		throw new ArchiveApiException(operation, status,
				"archive " + operation + " failed with HTTP " + status + ((message != null) ? ": " + cut(message) : ""),
				retryAfter, errors(body), null);
	}

	private ArchiveApiException unexpected(String operation, String what) {
		// 2xx with a body we cannot read: the request may well have been applied, so it
		// counts as "no answer"
		return new ArchiveApiException(operation, ArchiveApiException.NO_STATUS,
				"archive " + operation + " answered unexpectedly: " + what, null, null, null);
	}

	private JsonNode parse(byte[] body) {
		if (body == null || body.length == 0) {
			return null;
		}
		try {
			return this.json.readTree(body);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	private static JsonNode unwrap(JsonNode body) {
		JsonNode data = body.get("data");
		return (data != null && data.isObject()) ? data : body;
	}

	private static List<Tenant> tenants(JsonNode array) {
		List<Tenant> tenants = new ArrayList<>(array.size());
		for (JsonNode node : array) {
			tenants.add(tenant(node));
		}
		return tenants;
	}

	private static Tenant tenant(JsonNode node) {
		String name = text(node, "name");
		JsonNode usage = node.has("usage") ? node.get("usage") : node;
		return new Tenant(text(node, "slug"), (name != null) ? name : text(node, "company_name"), text(node, "status"),
				text(node, "plan"), text(node, "url"), text(node, "created_at"), usage(usage));
	}

	private static TenantUsage usage(JsonNode node) {
		Long users = number(node, "users_count");
		Long messages = number(node, "messages_count");
		return new TenantUsage((users != null) ? users : number(node, "active_users"), number(node, "storage_bytes"),
				(messages != null) ? messages : number(node, "message_count"));
	}

	private static Map<String, List<String>> errors(JsonNode body) {
		if (body == null || !body.path("errors").isObject()) {
			return Map.of();
		}
		Map<String, List<String>> errors = new LinkedHashMap<>();
		body.get("errors").forEachEntry((field, messages) -> {
			List<String> list = new ArrayList<>();
			if (messages.isArray()) {
				messages.forEach((m) -> list.add(m.asString()));
			}
			else {
				list.add(messages.asString());
			}
			errors.put(field, List.copyOf(list));
		});
		return errors;
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value == null || value.isNull() || value.isContainer()) ? null : value.asString();
	}

	private static Long number(JsonNode node, String field) {
		JsonNode value = node.get(field);
		if (value == null || value.isNull()) {
			return null;
		}
		if (value.isNumber()) {
			return value.asLong();
		}
		try {
			return Long.parseLong(value.asString().strip());
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static void putIfPresent(ObjectNode node, String field, String value) {
		if (value != null && !value.isBlank()) {
			node.put(field, value);
		}
	}

	private static String cut(String message) {
		return (message.length() <= MAX_MESSAGE) ? message : message.substring(0, MAX_MESSAGE) + "...";
	}

	/** One call of the API. */
	@FunctionalInterface
	private interface Exchange {

		BlockingHttp.Response send() throws IOException;

	}

}
