package io.emabridge.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One of our Spring Boot services, run as a child JVM from its executable jar, the way it
 * runs in production: its own process, configured by command-line properties only (or,
 * through {@link #startJava}, another program of ours, such as a Kafka node). Output goes
 * to a log file. The one launcher of child JVMs: the local stack, the system tests and
 * the benchmark harness all start services through it.
 */
public final class ServiceProcess implements AutoCloseable {

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

	private final String name;

	private final int port;

	private final Process process;

	private final Path logFile;

	private final long launchedNanos;

	private volatile boolean paused;

	private ServiceProcess(String name, int port, Process process, Path logFile, long launchedNanos) {
		this.name = name;
		this.port = port;
		this.process = process;
		this.logFile = logFile;
		this.launchedNanos = launchedNanos;
	}

	/**
	 * Starts a service from its executable jar, as in production.
	 * @param port its {@code server.port}
	 * @param properties application properties, as {@code --name=value} arguments
	 */
	public static ServiceProcess start(String name, int port, Path jar, List<String> jvmOptions,
			List<String> properties, Path logDir) {
		return launch(name, port, List.of("-jar", jar.toString()), jvmOptions, properties, logDir);
	}

	/**
	 * Starts an application from a class path instead of a jar: what a module's own tests
	 * do to kill a worker for real, before its jar is built.
	 * @param port its {@code server.port}; 0 for any free one
	 * @param properties application properties, as {@code --name=value} arguments
	 */
	public static ServiceProcess startMain(String name, int port, String mainClass, String classPath,
			List<String> jvmOptions, List<String> properties, Path logDir) {
		return launch(name, port, List.of("-cp", classPath, mainClass), jvmOptions, properties, logDir);
	}

	/**
	 * Any program of ours in a JVM of its own, such as a Kafka node: {@code arguments}
	 * follow the {@code java} command (options, class path and main class, the program's
	 * arguments). {@code port} is where it answers; {@link #awaitHealthy} applies only to
	 * a Spring Boot service.
	 */
	public static ServiceProcess startJava(String name, int port, List<String> arguments, Path logDir) {
		return spawn(name, port, arguments, logDir);
	}

	private static ServiceProcess launch(String name, int port, List<String> application, List<String> jvmOptions,
			List<String> properties, Path logDir) {
		List<String> arguments = new ArrayList<>(jvmOptions);
		arguments.addAll(application);
		arguments.addAll(properties);
		arguments.add("--server.port=" + port);
		return spawn(name, port, arguments, logDir);
	}

	private static ServiceProcess spawn(String name, int port, List<String> arguments, Path logDir) {
		try {
			Files.createDirectories(logDir);
			Path logFile = logDir.resolve(name + ".log");
			List<String> command = new ArrayList<>();
			command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
			command.addAll(arguments);
			long launched = System.nanoTime();
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
				.start();
			return new ServiceProcess(name, port, process, logFile, launched);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + name, ex);
		}
	}

	public String name() {
		return this.name;
	}

	public int port() {
		return this.port;
	}

	public Path logFile() {
		return this.logFile;
	}

	public String url() {
		return "http://127.0.0.1:" + this.port;
	}

	/**
	 * Waits until the service's health endpoint says UP; fails early when the process
	 * dies.
	 * @return the time from launching the JVM until it was healthy
	 */
	public Duration awaitHealthy(Duration timeout) {
		return awaitHealthy(timeout, Duration.ofMillis(250));
	}

	/**
	 * Waits as {@link #awaitHealthy(Duration)}, asking every {@code poll}: finely where
	 * the start-up time is measured.
	 */
	public Duration awaitHealthy(Duration timeout, Duration poll) {
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		HttpRequest request = HttpRequest.newBuilder(URI.create(url() + "/actuator/health"))
			.timeout(Duration.ofSeconds(5))
			.build();
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(this.name + " exited at start-up; see " + this.logFile);
			}
			try {
				HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() == 200) {
					return Duration.ofNanos(System.nanoTime() - this.launchedNanos);
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("interrupted while waiting for " + this.name, ex);
			}
			// a child process has no readiness callback: poll it
			LockSupport.parkNanos(poll.toNanos());
		}
		throw new IllegalStateException(this.name + " was not healthy within " + timeout + "; see " + this.logFile);
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	/** The operating system's id of the service's JVM. */
	public long pid() {
		return this.process.pid();
	}

	/** CPU time the service's JVM used so far. */
	public Duration cpu() {
		return this.process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
	}

	/**
	 * Stops the JVM where it stands ({@code SIGSTOP}), as a long garbage collection pause
	 * or a frozen virtual machine would: every thread halts mid-call, sockets stay open,
	 * and the process neither answers nor notices time passing until {@link #resume()}.
	 */
	public void pause() {
		signal("STOP");
		this.paused = true;
	}

	/**
	 * Lets a {@link #pause() paused} JVM go on ({@code SIGCONT}) from where it stopped.
	 */
	public void resume() {
		signal("CONT");
		this.paused = false;
	}

	// ProcessHandle can only terminate a process: other signals go through kill(1)
	private void signal(String name) {
		try {
			Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(this.process.pid()))
				.redirectErrorStream(true)
				.start();
			String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
				throw new IllegalStateException("kill -" + name + " " + this.name + " failed: " + output.strip());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not signal " + this.name, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while signalling " + this.name, ex);
		}
	}

	/**
	 * Kills the JVM at once, as a crash or {@code kill -9} would: no shutdown hooks,
	 * nothing flushed.
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
	 * SIGTERM first, so Spring Boot shuts down gracefully and commits what it has done;
	 * force after a while.
	 */
	@Override
	public void close() {
		if (this.paused && this.process.isAlive()) {
			// a stopped JVM would only act on SIGTERM once continued
			resume();
		}
		this.process.destroy();
		try {
			if (!this.process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

}
