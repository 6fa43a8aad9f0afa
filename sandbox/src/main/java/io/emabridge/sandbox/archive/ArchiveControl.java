package io.emabridge.sandbox.archive;

import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import io.emabridge.sandbox.support.ApiRequest;
import io.emabridge.sandbox.support.Json;
import io.emabridge.sandbox.support.Reply;
import io.emabridge.sandbox.support.ReplyException;

/** The archive sandbox's {@code /_sandbox/tenants...} control endpoints. */
final class ArchiveControl {

	private ArchiveControl() {
	}

	static Reply tenants(ArchiveSandbox sandbox, ApiRequest request, List<String> segments) {
		String method = request.method();
		if (segments.size() == 1) {
			switch (method) {
				case "GET":
					String apiKey = request.query().get("apiKey");
					List<ArchiveTenant> tenants = (apiKey != null) ? sandbox.tenants(apiKey) : sandbox.allTenants();
					return Reply.json(200, Json.obj("data", tenants.stream().map(ArchiveSandbox::controlView).toList(),
							"total", tenants.size()));
				case "POST":
					return seed(sandbox, request.jsonBody());
				case "DELETE":
					sandbox.clearTenants();
					return Reply.json(200, Json.obj("data", List.of(), "total", 0));
				default:
					return Reply.methodNotAllowed(method);
			}
		}
		String slug = segments.get(1);
		if (sandbox.tenant(slug).isEmpty()) {
			return Reply.json(404, Json.obj("message", "Tenant not found."));
		}
		if (segments.size() == 2 && method.equals("GET")) {
			return single(sandbox, slug);
		}
		if (segments.size() == 3 && method.equals("PUT")) {
			JsonNode body = request.jsonBody();
			switch (segments.get(2)) {
				case "usage":
					ArchiveTenant current = sandbox.tenant(slug).orElseThrow();
					sandbox.setUsage(slug, Json.longField(body, "users_count", current.usersCount()),
							Json.longField(body, "storage_bytes", current.storageBytes()),
							Json.longField(body, "messages_count", current.messagesCount()));
					return single(sandbox, slug);
				case "status":
					sandbox.setStatus(slug, status(Json.text(body, "status"), null));
					return single(sandbox, slug);
				default:
					return null;
			}
		}
		return null;
	}

	private static Reply single(ArchiveSandbox sandbox, String slug) {
		return Reply.json(200, Json.obj("data", ArchiveSandbox.controlView(sandbox.tenant(slug).orElseThrow())));
	}

	private static Reply seed(ArchiveSandbox sandbox, JsonNode body) {
		String apiKey = Json.text(body, "apiKey");
		if (apiKey == null) {
			apiKey = sandbox.defaultApiKey();
		}
		int created;
		try {
			if (body.has("count")) {
				String prefix = Json.text(body, "prefix");
				created = sandbox.generateTenants(apiKey, (int) Json.longField(body, "count", 0),
						(prefix != null) ? prefix : "t", (int) Json.longField(body, "startIndex", 1));
			}
			else {
				created = sandbox.seedTenants(apiKey, seeds(body.get("tenants"))).size();
			}
		}
		catch (IllegalStateException ex) {
			return Reply.json(sandbox.options().takenStatus(),
					Json.obj("message", ex.getMessage(), "errors", Json.obj("slug", List.of(ArchiveSlugRules.TAKEN))));
		}
		catch (IllegalArgumentException | DateTimeParseException ex) {
			return Reply.json(422, Json.obj("message", ex.getMessage()));
		}
		return Reply.json(201,
				Json.obj("data", Json.obj("created", created, "api_key_id", ArchiveSandbox.keyId(apiKey))));
	}

	private static List<TenantSeed> seeds(JsonNode tenants) {
		if (tenants == null || !tenants.isArray()) {
			throw Json.badField("tenants", "must be an array (or give a count)");
		}
		List<TenantSeed> seeds = new ArrayList<>(tenants.size());
		for (JsonNode node : tenants) {
			String slug = Json.text(node, "slug");
			if (slug == null) {
				throw Json.badField("slug", "is required in every tenant");
			}
			seeds.add(new TenantSeed(slug, Json.text(node, "name"),
					status(Json.text(node, "status"), TenantStatus.ACTIVE), Json.longField(node, "users_count", 0),
					Json.longField(node, "storage_bytes", 0), Json.longField(node, "messages_count", 0),
					ArchiveSandbox.parseTimestamp(Json.text(node, "created_at"))));
		}
		return seeds;
	}

	private static TenantStatus status(String value, TenantStatus fallback) {
		if (value == null && fallback != null) {
			return fallback;
		}
		try {
			return TenantStatus.fromWire((value != null) ? value : "");
		}
		catch (IllegalArgumentException ex) {
			throw new ReplyException(
					Reply.json(400, Map.of("message", "status must be active, suspended or deleted.")));
		}
	}

}
