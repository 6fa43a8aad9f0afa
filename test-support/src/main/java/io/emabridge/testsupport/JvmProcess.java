package io.emabridge.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An application in a JVM of its own, on the test class path: what a test needs to kill a
 * worker for real, or to measure one with a heap of a given size. Its output goes to a
 * file under {@code target/}.
 */
public final class JvmProcess implements AutoCloseable {

	private final Process process;

	private final Path log;

	private JvmProcess(Process process, Path log) {
		this.process = process;
		this.log = log;
	}

	/**
	 * Starts an application.
	 * @param mainClass the application's main class, on this test's class path
	 * @param jvmOptions e.g. {@code -Xmx256m}
	 * @param properties application properties, passed as command-line arguments
	 */
	public static JvmProcess start(String name, Class<?> mainClass, List<String> jvmOptions,
			Map<String, Object> properties) {
		String java = ProcessHandle.current().info().command().orElse("java");
		List<String> command = new ArrayList<>();
		command.add(java);
		command.addAll(jvmOptions);
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(mainClass.getName());
		properties.forEach((key, value) -> command.add("--" + key + "=" + value));
		try {
			Path directory = Files.createDirectories(Path.of("target", "processes"));
			Path log = directory.resolve(name + ".log");
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.directory(new File("."))
				.start();
			return new JvmProcess(process, log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	public long pid() {
		return this.process.pid();
	}

	/** CPU time the application's JVM used so far, in nanoseconds. */
	public long cpuNanos() {
		return this.process.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
	}

	/** What the application printed so far. */
	public String output() {
		try {
			return Files.readString(this.log);
		}
		catch (IOException ex) {
			return "";
		}
	}

	/**
	 * Kills the JVM at once, as a crash or {@code kill -9} would: no shutdown hooks, no
	 * graceful stop.
	 */
	public void kill() {
		this.process.destroyForcibly();
		try {
			this.process.waitFor(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Asks the application to shut down as an orchestrator would (SIGTERM), and kills it
	 * if it does not within 30 s.
	 */
	public void stop() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				kill();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			kill();
		}
	}

	@Override
	public void close() {
		if (this.process.isAlive()) {
			kill();
		}
	}

}
