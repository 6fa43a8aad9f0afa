package io.emabridge.provisioning.drift;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

import picocli.CommandLine;

/** Runs the {@code reconcile} command as an operator would, with a given environment. */
final class Cli {

	private Cli() {
	}

	static Run run(Map<String, String> environment, String... args) {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		CommandLine command = ReconcileCommand.commandLine(environment);
		command.setOut(new PrintWriter(out, true));
		command.setErr(new PrintWriter(err, true));
		int code = command.execute(args);
		return new Run(code, out.toString(), err.toString());
	}

	record Run(int code, String out, String err) {
	}

}
