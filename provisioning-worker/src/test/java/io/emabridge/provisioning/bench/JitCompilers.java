package io.emabridge.provisioning.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time of a JVM's JIT compiler threads, read from {@code /proc} (Linux): what the
 * benchmark must not count as the worker's cost per event, since a worker that has run
 * for a while no longer compiles.
 */
final class JitCompilers {

	private static final long MILLIS_PER_TICK = 10;

	private JitCompilers() {
	}

	/**
	 * Milliseconds of user and system CPU of the live compiler threads of {@code pid}, 0
	 * without {@code /proc}.
	 */
	static long cpuMillis(long pid) {
		try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
			return tasks.mapToLong(JitCompilers::compilerTicks).sum() * MILLIS_PER_TICK;
		}
		catch (IOException | RuntimeException ex) {
			return 0;
		}
	}

	/**
	 * utime + stime of a thread named like HotSpot's compiler threads ("C1 CompilerThre",
	 * "C2 CompilerThre").
	 */
	private static long compilerTicks(Path task) {
		try {
			String stat = Files.readString(task.resolve("stat"));
			int open = stat.indexOf('(');
			int close = stat.lastIndexOf(')');
			if (!stat.substring(open + 1, close).contains("CompilerThre")) {
				return 0;
			}
			// the fields after the name: state is the 3rd field of the line, utime the
			// 14th, stime the 15th
			String[] fields = stat.substring(close + 2).split(" ");
			return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
		}
		catch (IOException | RuntimeException ex) {
			return 0; // the thread ended meanwhile
		}
	}

}
