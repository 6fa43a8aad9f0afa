package io.emabridge.usage.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.emabridge.usage.UsageSyncWorkerApplication;

/**
 * A worker in a JVM of its own, on the test class path: what a test needs to kill a worker for real. Its output goes
 * to a file under {@code target/}.
 */
public final class WorkerProcess implements AutoCloseable {

	private final Process process;

	private final Path log;

	private WorkerProcess(Process process, Path log) {
		this.process = process;
		this.log = log;
	}

	public static WorkerProcess start(String name, Map<String, Object> properties) {
		String java = ProcessHandle.current().info().command().orElse("java");
		List<String> command = new ArrayList<>();
		command.add(java);
		command.add("-Xmx256m");
		command.add("-XX:TieredStopAtLevel=1");
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(UsageSyncWorkerApplication.class.getName());
		properties.forEach((key, value) -> command.add("--" + key + "=" + value));
		try {
			Path directory = Files.createDirectories(Path.of("target", "worker-processes"));
			Path log = directory.resolve(name + ".log");
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.directory(new File("."))
				.start();
			return new WorkerProcess(process, log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	public String output() {
		try {
			return Files.readString(this.log);
		}
		catch (IOException ex) {
			return "";
		}
	}

	/** Kills the JVM at once, as a crash or {@code kill -9} would: no shutdown hooks, no graceful stop. */
	public void kill() {
		this.process.destroyForcibly();
		try {
			this.process.waitFor(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		if (this.process.isAlive()) {
			kill();
		}
	}
}
