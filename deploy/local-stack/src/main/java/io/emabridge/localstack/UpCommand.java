package io.emabridge.localstack;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import io.emabridge.embedded.ServiceJars;

/**
 * Starts the whole system on embedded defaults and keeps it running until Ctrl-C or
 * SIGTERM.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
		description = "Start Kafka, PostgreSQL, the sandboxes and every service; stop with Ctrl-C.")
final class UpCommand implements Callable<Integer> {

	@Option(names = "--data-dir", defaultValue = "var",
			description = "where all data lives (default: ${DEFAULT-VALUE})")
	Path dataDir;

	@Option(names = "--without-services", description = "start only Kafka, PostgreSQL and the sandboxes")
	boolean withoutServices;

	@Option(names = "--port-offset", defaultValue = "0",
			description = "add this to every port, to run a second stack beside the first (default: ${DEFAULT-VALUE})")
	int portOffset;

	@Option(names = "--brokers", defaultValue = "1",
			description = "Kafka brokers: 1 (in this JVM) or 3 to 5, each its own JVM, topics with 3 replicas, 2 in sync "
					+ "(default: ${DEFAULT-VALUE}); with several, shift a second stack by --port-offset 10 or more")
	int brokers;

	@Option(names = "--service-heap", defaultValue = "256m",
			description = "heap of each service JVM (default: ${DEFAULT-VALUE})")
	String serviceHeap;

	@Override
	public Integer call() throws InterruptedException {
		Path data = this.dataDir.toAbsolutePath().normalize();
		CountDownLatch stopped = new CountDownLatch(1);
		Stack stack;
		Stack.Settings settings;
		try {
			settings = new Stack.Settings(data, this.portOffset, !this.withoutServices, this.serviceHeap,
					ServiceJars.ofRunningCheckout(), this.brokers);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			return 2;
		}
		System.out.println("Starting the EMA bridge local stack. Data: " + data);
		try {
			stack = Stack.start(settings, new StartupLog(System.out, System::nanoTime));
		}
		catch (RuntimeException ex) {
			System.err.println("The local stack could not start: " + ex.getMessage());
			return 1;
		}
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			System.out.println("Stopping the local stack...");
			stack.close();
			stopped.countDown();
		}, "local-stack-stop"));
		Banner.print(System.out, stack);
		stopped.await();
		return 0;
	}

}
