package io.emabridge.sandbox.whmcs;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import tools.jackson.databind.JsonNode;

import io.emabridge.sandbox.support.ApiRequest;
import io.emabridge.sandbox.support.Json;
import io.emabridge.sandbox.support.Reply;

/** The WHMCS sandbox's own {@code /_sandbox/...} control endpoints. */
final class WhmcsControl {

	private WhmcsControl() {
	}

	static Reply handle(WhmcsSandbox sandbox, WhmcsState state, ApiRequest request, List<String> segments) {
		if (segments.isEmpty()) {
			return null;
		}
		String method = request.method();
		switch (segments.get(0)) {
			case "services":
				return services(state, request, segments);
			case "activity":
				return method.equals("GET") ? Reply.json(200, Json.obj("data", state.activity()))
						: Reply.methodNotAllowed(method);
			case "tickets":
				return method.equals("GET") ? Reply.json(200, Json.obj("data", state.tickets()))
						: Reply.methodNotAllowed(method);
			case "emails":
				return method.equals("GET") ? Reply.json(200, Json.obj("data", state.emails()))
						: Reply.methodNotAllowed(method);
			case "credentials":
				return credentials(state, request, segments);
			case "settings":
				if (method.equals("PUT") || method.equals("POST")) {
					state.autoCreateServices(
							Json.booleanField(request.jsonBody(), "autoCreateServices", state.autoCreateServices()));
				}
				else if (!method.equals("GET")) {
					return Reply.methodNotAllowed(method);
				}
				return Reply.json(200, Json.obj("autoCreateServices", sandbox.autoCreateServices()));
			default:
				return null;
		}
	}

	private static Reply services(WhmcsState state, ApiRequest request, List<String> segments) {
		String method = request.method();
		if (segments.size() == 1) {
			return method.equals("GET")
					? Reply.json(200, Json.obj("data", state.services().stream().map((s) -> view(state, s)).toList()))
					: Reply.methodNotAllowed(method);
		}
		if (segments.size() != 2 || !segments.get(1).matches("\\d{1,18}")) {
			return null;
		}
		long id = Long.parseLong(segments.get(1));
		switch (method) {
			case "GET":
				return state.service(id)
					.map((s) -> Reply.json(200, view(state, s)))
					.orElseGet(() -> Reply.json(404, Json.obj("message", "Service not found.")));
			case "PUT":
				try {
					WhmcsService base = state.service(id).orElseGet(() -> WhmcsService.of(id, id));
					return Reply.json(200, view(state, state.put(merge(state, base, request.jsonBody()))));
				}
				catch (IllegalArgumentException ex) {
					return Reply.json(422, Json.obj("message", ex.getMessage()));
				}
			case "DELETE":
				return state.remove(id) ? Reply.json(200, Json.obj("deleted", id))
						: Reply.json(404, Json.obj("message", "Service not found."));
			default:
				return Reply.methodNotAllowed(method);
		}
	}

	private static Map<String, Object> view(WhmcsState state, WhmcsService service) {
		return WhmcsSandbox.controlView(service, state.product(service.pid()).orElseThrow());
	}

	/**
	 * The service with the JSON fields applied; custom fields are keyed by id or by field
	 * name.
	 */
	private static WhmcsService merge(WhmcsState state, WhmcsService base, JsonNode body) {
		WhmcsService service = new WhmcsService(base.id(), Json.longField(body, "clientid", base.clientId()),
				(int) Json.longField(body, "pid", base.pid()), (int) Json.longField(body, "serverid", base.serverId()),
				text(body, "domain", base.domain()), text(body, "username", base.username()),
				text(body, "status", base.status()), Json.longField(body, "diskusage", base.diskUsage()),
				Json.longField(body, "disklimit", base.diskLimit()), Json.longField(body, "bwusage", base.bwUsage()),
				Json.longField(body, "bwlimit", base.bwLimit()), text(body, "lastupdate", base.lastUpdate()),
				text(body, "notes", base.notes()), base.customFields());
		JsonNode fields = body.get("customfields");
		if (fields == null || fields.isNull()) {
			return service;
		}
		if (!fields.isObject()) {
			throw new IllegalArgumentException("customfields must be an object of id or name to value");
		}
		WhmcsProduct product = state.product(service.pid())
			.orElseThrow(() -> new IllegalArgumentException("no product with pid " + service.pid()));
		Map<Integer, String> values = new TreeMap<>(service.customFields());
		for (Map.Entry<String, JsonNode> field : fields.properties()) {
			String key = field.getKey();
			int fieldId = key.matches("\\d{1,9}") ? Integer.parseInt(key)
					: product.fieldId(key)
						.orElseThrow(() -> new IllegalArgumentException(
								"product " + product.pid() + " has no custom field named " + key));
			JsonNode value = field.getValue();
			values.put(fieldId, value.isObject() ? Json.text(value, "value") : value.asString());
		}
		return service.withCustomFields(values);
	}

	private static String text(JsonNode body, String field, String fallback) {
		String value = Json.text(body, field);
		return (value != null) ? value : fallback;
	}

	private static Reply credentials(WhmcsState state, ApiRequest request, List<String> segments) {
		String method = request.method();
		if (segments.size() == 1 && method.equals("POST")) {
			JsonNode body = request.jsonBody();
			String identifier = Json.text(body, "identifier");
			String secret = Json.text(body, "secret");
			if (identifier == null || secret == null) {
				throw Json.badField("identifier", "and the secret are required");
			}
			state.addCredentials(identifier, secret);
			return Reply.json(200, Json.obj("identifier", identifier));
		}
		if (segments.size() == 2 && method.equals("DELETE")) {
			state.removeCredentials(segments.get(1));
			return Reply.json(200, Json.obj("removed", segments.get(1)));
		}
		return Reply.methodNotAllowed(method);
	}

}
