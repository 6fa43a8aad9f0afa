package io.emabridge.embedded;

import java.nio.file.Path;

/**
 * The main class of one node of a {@link KafkaCluster}, run in a JVM of its own so that
 * it can be killed alone: starts the broker prepared in the directory it is given and
 * stops it cleanly on SIGTERM.
 */
public final class KafkaNodeMain {

	private KafkaNodeMain() {
	}

	public static void main(String[] args) {
		if (args.length != 1) {
			System.err.println("usage: KafkaNodeMain <node directory>");
			System.exit(2);
		}
		LocalKafka node = LocalKafka.startPrepared(Path.of(args[0]));
		// the broker's own threads keep the JVM running after main returns
		Runtime.getRuntime().addShutdownHook(new Thread(node::close, "kafka-node-stop"));
	}

}
