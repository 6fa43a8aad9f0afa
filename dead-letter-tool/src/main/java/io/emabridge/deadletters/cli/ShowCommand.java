package io.emabridge.deadletters.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

import io.emabridge.deadletters.DeadLetterView;
import io.emabridge.deadletters.DeadLetters;

/**
 * {@code dlt show}: one event's dead letters with every header and the value, and the
 * ledger's view as the worker that owns the ledger gives it on its admin port (the
 * command knows no ledger tables and needs no database connection).
 */
@Command(name = "show", mixinStandardHelpOptions = true,
		description = "Shows an event's dead letter(s): the record, all its headers, and the ledger's view of the service.")
final class ShowCommand implements Runnable {

	@Spec
	CommandSpec spec;

	@Mixin
	ConnectionOptions connection;

	@Parameters(paramLabel = "EVENT-ID", description = "the event id (ce_id)")
	String eventId;

	@Option(names = "--worker", paramLabel = "URL",
			description = "the provisioning worker's admin port, e.g. http://127.0.0.1:8081, for the ledger's view")
	URI worker;

	@Option(names = "--admin-token", paramLabel = "TOKEN", defaultValue = "${env:EMA_ADMIN_TOKEN:-}", arity = "0..1",
			interactive = true,
			description = "the worker's admin token (env EMA_ADMIN_TOKEN; asked for when given without a value)")
	String adminToken;

	@Option(names = "--json", description = "JSON, for scripts")
	boolean json;

	@Override
	public void run() {
		List<DeadLetters.Listed> letters = this.connection.deadLetters().find(this.connection.topic, this.eventId);
		if (letters.isEmpty()) {
			throw new IllegalStateException("no dead letter of event " + this.eventId + " in " + this.connection.topic);
		}
		Map<String, Map<String, Object>> ledger = (this.worker != null) ? ledger() : null;
		List<DeadLetterView> views = letters.stream().map((l) -> DeadLetterView.detail(l, ledger)).toList();
		PrintWriter out = this.spec.commandLine().getOut();
		if (this.json) {
			Output.json(out, views);
		}
		else {
			views.forEach((view) -> print(out, view));
		}
		out.flush();
	}

	/** The ledger part of the worker's {@code GET /admin/dead-letters/{eventId}}. */
	private Map<String, Map<String, Object>> ledger() {
		String path = "/admin/dead-letters/" + URLEncoder.encode(this.eventId, StandardCharsets.UTF_8) + "?topic="
				+ URLEncoder.encode(this.connection.topic, StandardCharsets.UTF_8);
		URI uri = URI.create(this.worker.toString().replaceAll("/+$", "") + path);
		HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(this.connection.timeout).GET();
		if (this.adminToken != null && !this.adminToken.isBlank()) {
			request.header("Authorization", "Bearer " + this.adminToken);
		}
		HttpClient http = HttpClient.newBuilder().connectTimeout(this.connection.timeout).build();
		HttpResponse<String> response;
		try {
			response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException("could not reach the worker at " + uri + ": " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while asking the worker at " + uri, ex);
		}
		if (response.statusCode() != 200) {
			// never the token: only the status and where
			throw new IllegalStateException(
					"the worker at " + uri + " answered HTTP " + response.statusCode() + ((response.statusCode() == 401)
							? " (give its admin token: --admin-token or EMA_ADMIN_TOKEN)" : ""));
		}
		JsonNode letters = Output.JSON.readTree(response.body());
		JsonNode ledger = (letters.isArray() && !letters.isEmpty()) ? letters.get(0).get("ledger") : null;
		if (ledger == null || ledger.isNull()) {
			throw new IllegalStateException("the worker at " + this.worker
					+ " gives no ledger view (is it the provisioning worker, with ema.dead-letters.ledger-view on?)");
		}
		return Output.JSON.convertValue(ledger, new TypeReference<Map<String, Map<String, Object>>>() {
		});
	}

	private static void print(PrintWriter out, DeadLetterView view) {
		out.printf("Dead letter %s/%d/%d, %s%n", view.topic(), view.partition(), view.offset(), view.time());
		line(out, "event", view.eventId());
		line(out, "type", view.type());
		line(out, "service", view.serviceId());
		line(out, "reason", view.reason());
		line(out, "attempts", view.attempts());
		line(out, "failures", view.firstFailure() + " .. " + view.lastFailure());
		line(out, "message", view.exceptionMessage());
		line(out, "from topic", view.originalTopic());
		line(out, "replayed", view.replays() + " time(s)");
		out.println("Headers:");
		view.headers().forEach((h) -> out.printf("  %s: %s%n", h.name(), Output.cell(h.value())));
		out.printf("Value (%s):%n  %s%n", Output.cell(view.valueEncoding()), Output.cell(view.value()));
		if (view.ledger() != null) {
			view.ledger().forEach((part, row) -> {
				out.println("Ledger " + part + ":" + (row.isEmpty() ? " (none)" : ""));
				row.forEach((column, value) -> out.printf("  %s: %s%n", column, Output.cell(value)));
			});
		}
	}

	private static void line(PrintWriter out, String label, Object value) {
		out.printf("  %-11s %s%n", label, Output.cell(value));
	}

}
