package io.emabridge.deadletters.cli;

import java.io.PrintWriter;
import java.util.List;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import io.emabridge.deadletters.DeadLetterView;
import io.emabridge.deadletters.DeadLetters;

/** {@code dlt list}: the dead letters the filters select, oldest first per partition. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "Lists dead letters as a table (or --json).")
final class ListCommand implements Runnable {

	@Spec
	CommandSpec spec;

	@Mixin
	ConnectionOptions connection;

	@Mixin
	FilterOptions filters;

	@Option(names = "--reason", paramLabel = "TEXT", description = "the same as --failure-reason")
	String reason;

	@Option(names = "--json", description = "one JSON array, for scripts")
	boolean json;

	@Override
	public void run() {
		String reasonPart = (this.reason != null) ? this.reason : this.filters.failureReason;
		List<DeadLetters.Listed> letters = this.connection.deadLetters()
			.list(this.connection.topic, this.filters.filter(reasonPart));
		PrintWriter out = this.spec.commandLine().getOut();
		if (this.json) {
			Output.json(out, letters.stream().map(DeadLetterView::summary).toList());
		}
		else {
			Output.table(out, List.of("TIME", "SERVICE", "TYPE", "EVENT ID", "REASON", "ATTEMPTS", "REPLAYS"),
					letters.stream()
						.map((l) -> List.of(l.letter().timestamp().toString(), Output.cell(l.letter().serviceId()),
								Output.cell(l.letter().eventType()), Output.cell(l.letter().eventId()),
								l.letter().reason(), Output.cell(l.letter().attempts()), Integer.toString(l.replays())))
						.toList());
			out.println(letters.size() + " dead letter(s) in " + this.connection.topic);
		}
		out.flush();
	}

}
