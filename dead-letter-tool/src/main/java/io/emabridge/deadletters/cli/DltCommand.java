package io.emabridge.deadletters.cli;

import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code dlt}: list, inspect and replay the dead letters of any worker. Exit codes: 0
 * done, 1 failed (nothing found, Kafka unreachable, a record not replayed), 2 wrong
 * usage.
 */
@Command(name = "dlt", mixinStandardHelpOptions = true, version = "dlt 0.1",
		description = "Lists, shows and replays dead letters (ema.lifecycle.v1-dlt by default; any topic with --topic).",
		subcommands = { ListCommand.class, ShowCommand.class, ReplayCommand.class, CommandLine.HelpCommand.class })
public final class DltCommand implements Runnable {

	@CommandLine.Spec
	CommandLine.Model.CommandSpec spec;

	public static void main(String[] args) {
		// Kafka's clients log every failed connection attempt; the command reports what
		// matters itself
		System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
		System.exit(commandLine().execute(args));
	}

	/** The command with its error handling, for {@link #main} and for tests. */
	public static CommandLine commandLine() {
		CommandLine commandLine = new CommandLine(new DltCommand());
		commandLine.setExecutionExceptionHandler((ex, line, parseResult) -> {
			PrintWriter err = line.getErr();
			err.println("error: " + message(ex));
			err.flush();
			return 1;
		});
		return commandLine;
	}

	@Override
	public void run() {
		throw new CommandLine.ParameterException(this.spec.commandLine(), "name a command: list, show or replay");
	}

	private static String message(Throwable ex) {
		String message = ex.getMessage();
		if (ex instanceof org.apache.kafka.common.errors.TimeoutException) {
			return "Kafka did not answer in time (is --bootstrap-servers right?): " + message;
		}
		return (message != null) ? message : ex.toString();
	}

}
