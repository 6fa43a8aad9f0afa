package io.emabridge.provisioning.deadletters;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine;

import io.emabridge.deadletters.cli.DltCommand;
import io.emabridge.testsupport.SharedKafka;

/**
 * Runs the {@code dlt} command as an operator would, against a test's dead-letter and
 * memory topics.
 */
record Dlt(String topic, String memoryTopic) {

	Run run(String... args) {
		List<String> all = new ArrayList<>(List.of(args));
		all.addAll(List.of("--bootstrap-servers", SharedKafka.bootstrapServers(), "--topic", this.topic,
				"--memory-topic", this.memoryTopic));
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		CommandLine command = DltCommand.commandLine();
		command.setOut(new PrintWriter(out, true));
		command.setErr(new PrintWriter(err, true));
		int code = command.execute(all.toArray(String[]::new));
		return new Run(code, out.toString(), err.toString());
	}

	record Run(int code, String out, String err) {
	}
}
