package io.emabridge.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** What the figures were measured on: they mean little without it. */
public record Machine(int cores, long memoryBytes, String javaVersion, String os, String cpu, Instant date) {

	public static Machine current() {
		long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getTotalMemorySize();
		return new Machine(Runtime.getRuntime().availableProcessors(), memory,
				System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
				System.getProperty("os.name") + " " + System.getProperty("os.arch"), cpuModel(),
				Instant.now().truncatedTo(ChronoUnit.SECONDS));
	}

	/** The 1-minute load average, or -1 where the platform has none. */
	public static double loadAverage() {
		return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
	}

	public String describe() {
		return String.format(Locale.ROOT, "%d cores (%s), %.1f GiB memory, %s, %s", this.cores, this.cpu,
				this.memoryBytes / 1_073_741_824.0, this.javaVersion, this.os);
	}

	private static String cpuModel() {
		try {
			return Files.readAllLines(Path.of("/proc/cpuinfo"))
				.stream()
				.filter((line) -> line.startsWith("model name"))
				.map((line) -> line.substring(line.indexOf(':') + 1).trim())
				.findFirst()
				.orElse("unknown CPU");
		}
		catch (IOException | RuntimeException ex) {
			return "unknown CPU";
		}
	}
}
