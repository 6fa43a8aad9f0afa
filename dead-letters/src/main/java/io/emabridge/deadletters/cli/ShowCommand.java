package io.emabridge.deadletters.cli;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import io.emabridge.deadletters.DeadLetterView;
import io.emabridge.deadletters.DeadLetters;
import io.emabridge.deadletters.ledger.LedgerView;

/**
 * {@code dlt show}: one event's dead letters with every header and the value, and the
 * ledger's view.
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

	@Option(names = "--ledger-url", paramLabel = "JDBC-URL",
			description = "the provisioning worker's ledger, e.g. jdbc:postgresql://127.0.0.1:15432/ema (read only)")
	String ledgerUrl;

	@Option(names = "--ledger-user", defaultValue = "${env:EMA_LEDGER_USER:-postgres}",
			description = "ledger user (default: ${DEFAULT-VALUE}; env EMA_LEDGER_USER)")
	String ledgerUser;

	@Option(names = "--ledger-password", defaultValue = "${env:EMA_LEDGER_PASSWORD:-}", arity = "0..1",
			interactive = true,
			description = "ledger password (env EMA_LEDGER_PASSWORD; asked for when given without a value)")
	String ledgerPassword;

	@Option(names = "--json", description = "JSON, for scripts")
	boolean json;

	@Override
	public void run() {
		List<DeadLetters.Listed> letters = this.connection.deadLetters().find(this.connection.topic, this.eventId);
		if (letters.isEmpty()) {
			throw new IllegalStateException("no dead letter of event " + this.eventId + " in " + this.connection.topic);
		}
		Map<String, Map<String, Object>> ledger = (this.ledgerUrl != null) ? ledger(letters.get(0)) : null;
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

	private Map<String, Map<String, Object>> ledger(DeadLetters.Listed listed) {
		try (Connection db = DriverManager.getConnection(this.ledgerUrl, this.ledgerUser, this.ledgerPassword)) {
			return LedgerView.describe(db, listed.letter().serviceId(), listed.letter().eventId());
		}
		catch (SQLException ex) {
			throw new IllegalStateException("could not read the ledger at " + this.ledgerUrl + ": " + ex.getMessage(),
					ex);
		}
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
