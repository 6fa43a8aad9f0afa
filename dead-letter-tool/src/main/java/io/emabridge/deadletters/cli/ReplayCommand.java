package io.emabridge.deadletters.cli;

import java.io.PrintWriter;
import java.util.List;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import io.emabridge.deadletters.letter.DeadLetterFilter;
import io.emabridge.deadletters.replay.ReplayOptions;
import io.emabridge.deadletters.replay.ReplayOutcome;
import io.emabridge.deadletters.replay.ReplayReport;

/**
 * {@code dlt replay}: publishes the selected dead letters to the topics they failed on,
 * once.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
		description = "Publishes dead letters again to the topic they failed on (key, value and headers kept), reading"
				+ " the dead-letter topic only up to its end at the start. A dead letter replayed before is skipped"
				+ " unless --again is given. Give filters, or --all. Progress (read, sent, rate, time left) goes to"
				+ " standard error every few seconds.")
final class ReplayCommand implements Runnable {

	@Spec
	CommandSpec spec;

	@Mixin
	ConnectionOptions connection;

	@Mixin
	FilterOptions filters;

	@Option(names = "--all", description = "every dead letter of the topic (instead of filters)")
	boolean all;

	@Option(names = "--reason", paramLabel = "TEXT",
			description = "why you replay, e.g. \"archive API key rotated\": required, sent with every record")
	String reason;

	@Option(names = "--dry-run", description = "list what would go; publish and remember nothing")
	boolean dryRun;

	@Option(names = "--again", description = "also replay dead letters that were replayed before")
	boolean again;

	@Option(names = "--rate", paramLabel = "RECORDS/S", defaultValue = "0",
			description = "at most this many records per second (default: no limit)")
	double rate;

	@Option(names = "--json", description = "the report as JSON")
	boolean json;

	@Override
	public void run() {
		DeadLetterFilter filter = this.filters.filter(this.filters.failureReason);
		if (this.all == !filter.isEmpty()) {
			throw new ParameterException(this.spec.commandLine(), this.all
					? "--all replays everything: leave out the filters, or leave out --all"
					: "say what to replay: give filters (--service, --type, --failure-reason, --event, --since, --until) or --all");
		}
		if (!this.dryRun && (this.reason == null || this.reason.isBlank())) {
			throw new ParameterException(this.spec.commandLine(),
					"--reason is required: say why you replay (it travels with every replayed record)");
		}
		ReplayOptions options;
		try {
			options = new ReplayOptions((this.dryRun && this.reason == null) ? "dry run" : this.reason, this.dryRun,
					this.again, this.rate);
		}
		catch (IllegalArgumentException ex) {
			throw new ParameterException(this.spec.commandLine(), ex.getMessage());
		}
		ReplayReport report;
		// progress goes to standard error, so that standard output stays the report
		// (--json for scripts)
		try (ReplayProgressPrinter progress = new ReplayProgressPrinter(this.spec.commandLine().getErr(),
				System::nanoTime, this.dryRun)
			.startTicking(ReplayProgressPrinter.INTERVAL)) {
			report = this.connection.deadLetters().replay(this.connection.topic, filter, options, progress);
		}
		PrintWriter out = this.spec.commandLine().getOut();
		if (this.json) {
			Output.json(out, report);
		}
		else {
			Output.table(out, List.of("OUTCOME", "EVENT ID", "SERVICE", "TYPE", "REASON", "TO", "REPLAYS", "NOTE"),
					report.items()
						.stream()
						.map((i) -> List.of(i.outcome().value(), Output.cell(i.eventId()), Output.cell(i.serviceId()),
								Output.cell(i.type()), Output.cell(i.reason()), Output.cell(i.target()),
								Integer.toString(i.replays()), Output.cell(i.error())))
						.toList());
			out.printf("%s%d replayed, %d would be replayed, %d already replayed (skipped), %d failed%n",
					this.dryRun ? "Dry run: " : "", report.count(ReplayOutcome.REPLAYED),
					report.count(ReplayOutcome.WOULD_REPLAY), report.count(ReplayOutcome.ALREADY_REPLAYED),
					report.count(ReplayOutcome.FAILED));
		}
		out.flush();
		if (report.count(ReplayOutcome.FAILED) > 0) {
			throw new IllegalStateException(report.count(ReplayOutcome.FAILED) + " dead letter(s) were not replayed");
		}
	}

}
