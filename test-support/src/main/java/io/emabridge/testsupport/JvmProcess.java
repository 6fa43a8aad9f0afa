package io.emabridge.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.emabridge.embedded.ServiceProcess;

/**
 * An application in a JVM of its own, on the test class path: what a test needs to kill a
 * worker for real, or to measure one with a heap of a given size. Launched by
 * embedded-infra's {@link ServiceProcess}, as the local stack and the system tests launch
 * services from their jars; its output goes to a file under {@code target/processes}.
 */
public final class JvmProcess implements AutoCloseable {

	private final ServiceProcess process;

	private JvmProcess(ServiceProcess process) {
		this.process = process;
	}

	/**
	 * Starts an application.
	 * @param mainClass the application's main class, on this test's class path
	 * @param jvmOptions e.g. {@code -Xmx256m}
	 * @param properties application properties, passed as command-line arguments
	 * ({@code server.port} among them, else any free port)
	 */
	public static JvmProcess start(String name, Class<?> mainClass, List<String> jvmOptions,
			Map<String, Object> properties) {
		Map<String, Object> arguments = new LinkedHashMap<>(properties);
		Object port = arguments.remove("server.port");
		return new JvmProcess(ServiceProcess.startMain(name, (port != null) ? Integer.parseInt(port.toString()) : 0,
				mainClass.getName(), System.getProperty("java.class.path"), jvmOptions,
				arguments.entrySet().stream().map((entry) -> "--" + entry.getKey() + "=" + entry.getValue()).toList(),
				Path.of("target", "processes")));
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	public long pid() {
		return this.process.pid();
	}

	/** CPU time the application's JVM used so far, in nanoseconds. */
	public long cpuNanos() {
		return this.process.cpu().toNanos();
	}

	/** What the application printed so far. */
	public String output() {
		try {
			return Files.readString(this.process.logFile());
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
		this.process.kill();
	}

	/**
	 * Asks the application to shut down as an orchestrator would (SIGTERM), and kills it
	 * if it does not within 30 s.
	 */
	public void stop() {
		this.process.close();
	}

	@Override
	public void close() {
		if (this.process.isAlive()) {
			kill();
		}
	}

}
