package io.emabridge.localstack;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The local stack's command line: {@code up} (the default) starts the whole system on
 * embedded defaults, {@code send} signs and posts a lifecycle event to the gateway for
 * trying it by hand.
 */
@Command(name = "local-stack", mixinStandardHelpOptions = true,
		description = "Runs the EMA bridge locally: Kafka, PostgreSQL, the sandboxes and every service.",
		subcommands = { UpCommand.class, SendCommand.class })
public final class LocalStack implements Runnable {

	public static void main(String[] args) {
		String[] effective = (args.length == 0 || args[0].startsWith("-") && !isHelp(args[0])) ? prepend("up", args)
				: args;
		System.exit(new CommandLine(new LocalStack()).execute(effective));
	}

	@Override
	public void run() {
		new CommandLine(this).usage(System.out);
	}

	private static boolean isHelp(String arg) {
		return arg.equals("-h") || arg.equals("--help") || arg.equals("-V") || arg.equals("--version");
	}

	private static String[] prepend(String first, String[] rest) {
		String[] all = new String[rest.length + 1];
		all[0] = first;
		System.arraycopy(rest, 0, all, 1, rest.length);
		return all;
	}

}
